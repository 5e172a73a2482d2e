# Vertrauen: Ablehnungen, Mitgliedschaft mit Zustimmung, Anträge der Verantwortlichen, Seiten für Redaktion und Administration.

## Warum eine Aktion abgelehnt wurde und was zu tun ist
refusal-email-unconfirmed = Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Folgen Sie dem Link, den wir Ihnen geschickt haben. Einen neuen Link können Sie auf Ihrer Kontoseite anfordern.
refusal-membership-pending = Ihr Antrag auf Beitritt zur Organisation { $organisation } wartet auf Genehmigung. Bitten Sie eine Person, die { $organisation } verwaltet, Ihre Mitgliedschaft zu genehmigen.
refusal-not-owner = Nur die Verantwortlichen dieses Praxisbeispiels und die Redaktion dürfen dies tun. Wenn Sie für die zugehörige Organisation arbeiten, beantragen Sie auf Ihrer Kontoseite den Beitritt.
refusal-published-needs-request = Dieses Praxisbeispiel ist veröffentlicht. Schlagen Sie eine Aktualisierung vor oder beantragen Sie die Archivierung; die Redaktion prüft Ihren Antrag.
refusal-curators-only = Nur die Redaktion darf dies tun.
refusal-outside-country = Als nationale Kontaktstelle betreuen Sie nur die Praxisbeispiele Ihres eigenen Landes.
refusal-admins-only = Nur die Administration darf dies tun.
refusal-not-assigned-reviewer = Nur die diesem Praxisbeispiel zugewiesenen Gutachtenden dürfen dies tun.
refusal-managers-only = Nur die Verwaltenden dieser Organisation und die Redaktion dürfen dies tun. Wenden Sie sich an eine der verwaltenden Personen.
refusal-contributors-only = Mit Ihrem Konto können Sie lesen, aber nichts beitragen. Bitten Sie die Administration, Ihre Rolle zu ändern.
refusal-account-disabled = Dieses Konto wurde deaktiviert. Wenden Sie sich an die Administration des Hubs.
refusal-invitation-for-another-address = Diese Einladung wurde an eine andere E-Mail-Adresse gesendet. Melden Sie sich mit dieser Adresse an oder bitten Sie um eine Einladung an Ihre eigene Adresse.
page-forbidden-text = Sie dürfen diese Aktion nicht ausführen.
page-unauthenticated-text = Bitte melden Sie sich an, um fortzufahren.
page-conflict-text = Dies war im aktuellen Zustand des Eintrags nicht möglich. Gehen Sie zurück, laden Sie die Seite neu und prüfen Sie, was sich geändert hat.

## Kopfzeile
nav-organisations = Organisationen
nav-accounts = Konten

## Bestätigung der E-Mail-Adresse
email-confirmed-title = Adresse bestätigt
email-confirmed-text = Vielen Dank. { $email } ist bestätigt: Sie können jetzt Praxisbeispiele einreichen.
email-link-invalid-title = Link ungültig
email-link-invalid-text = Dieser Link ist unbekannt, wurde bereits verwendet oder ist abgelaufen. Melden Sie sich an und fordern Sie auf Ihrer Kontoseite einen neuen an.
account-email-unconfirmed = Ihre E-Mail-Adresse ist noch nicht bestätigt. Folgen Sie dem Link, den wir Ihnen geschickt haben, um Praxisbeispiele einreichen zu können.
account-resend-confirmation = Neuen Bestätigungslink senden
account-done-confirmation-sent = Ein neuer Bestätigungslink ist unterwegs.
account-email-confirmed = bestätigt
account-email-not-confirmed = noch nicht bestätigt

## Organisationen beitreten
account-requested = Ihr Antrag wurde an die Verwaltenden der Organisation gesendet. Sie werden über die Entscheidung informiert.
account-created-organisation = Die Organisation wurde angelegt, und Sie verwalten sie. Die Redaktion muss sie bestätigen, bevor sie für veröffentlichte Praxisbeispiele verantwortlich sein kann.
account-organisation-events = Getroffene Entscheidungen
account-manage-members = Mitglieder verwalten
member-role-member = Mitglied
member-role-manager = Verwalter/in
membership-pending = Wartet auf Genehmigung
membership-active = Mitglied
membership-declined = Abgelehnt

## Einladungen
invitation-title = Einladung
invitation-text = Sie sind eingeladen, der Organisation { $organisation } im mHealth Hub beizutreten.
invitation-role = Rolle
invitation-accept = Einladung annehmen
invitation-closed = Diese Einladung wurde bereits verwendet oder ist abgelaufen. Bitten Sie die Organisation um eine neue.

## Mitglieder einer Organisation
members-title = Mitglieder von { $organisation }
members-back = Zurück zur Organisation
members-unconfirmed = Die Redaktion hat diese Organisation noch nicht bestätigt: Bis dahin kann sie nicht für veröffentlichte Praxisbeispiele verantwortlich sein.
members-invite-link = Einladungslink (auch per E-Mail gesendet):
members-requests = Beitrittsanträge
members-no-requests = Keine offenen Anträge.
members-approve = { $name } aufnehmen
members-decline = { $name } ablehnen
person-name = Name
members-list = Mitglieder
members-role = Rolle
members-status = Status
members-make-manager = { $name } die Rolle „Verwalter/in“ geben
members-make-member = { $name } die Rolle „Mitglied“ geben
members-leave = Organisation verlassen
members-remove = { $name } entfernen
members-remove-confirm = Die Person handelt dann nicht mehr für die Organisation. Ihre bisherigen Beiträge bleiben erhalten.
members-remove-yes = Ja, entfernen
members-invite = Jemanden einladen
members-invite-send = Einladung senden
members-invited = Eine Einladung wurde an { $email } gesendet.
members-events = Verlauf
members-no-events = Bisher ist nichts geschehen.
members-done-approve = Der Antrag wurde genehmigt.
members-done-decline = Der Antrag wurde abgelehnt.
members-done-make-manager = Das Mitglied hat jetzt die Rolle „Verwalter/in“.
members-done-make-member = Die Person hat jetzt die Rolle „Mitglied“.
members-done-remove = Das Mitglied wurde entfernt.
org-event-created = { $actor } hat die Organisation angelegt.
org-event-requested = { $person } hat den Beitritt beantragt.
org-event-approved = { $actor } hat { $person } aufgenommen.
org-event-declined = { $actor } hat den Antrag von { $person } abgelehnt.
org-event-invited = { $actor } hat { $detail } eingeladen.
org-event-joined-by-invitation = { $person } ist auf Einladung mit der Rolle { $detail } beigetreten.
org-event-role-changed = { $actor } hat { $person } die Rolle { $detail } zugewiesen.
org-event-removed = { $actor } hat { $person } entfernt.
org-event-left = { $person } hat die Organisation verlassen.
org-event-confirmed = { $actor } hat die Organisation bestätigt.
org-event-merged-away = { $actor } hat diese Organisation in { $detail } eingegliedert.
org-event-merged-in = { $actor } hat { $detail } in diese Organisation eingegliedert.

## Anträge der Verantwortlichen zu veröffentlichten Praxisbeispielen
practice-propose-update = Aktualisierung vorschlagen
propose-title = Aktualisierung vorschlagen
propose-intro = Dieses Praxisbeispiel ist veröffentlicht. Ihre Änderungen gehen als Vorschlag an die Redaktion; die öffentliche Seite bleibt unverändert, bis die Redaktion zustimmt.
propose-minor = Dies ist eine kleine Korrektur
propose-minor-help = Ein Tippfehler, ein defekter Link, ein neuer Kontakt: Die Redaktion kann dies direkt genehmigen.
propose-send = Vorschlag senden
request-pending-notice = Ein Antrag zu diesem Praxisbeispiel wartet auf die Redaktion:
request-kind-update = Aktualisierung, vorgeschlagen von { $author }
request-kind-archive = Archivierung, beantragt von { $author }
request-update = Aktualisierung
request-archive = Archivierung
request-kind = Antrag
request-author = Beantragt von
request-created = Beantragt am
request-title-update = Vorgeschlagene Aktualisierung von „{ $title }“
request-title-archive = Antrag auf Archivierung von „{ $title }“
request-practice-link = Veröffentlichtes Praxisbeispiel ansehen
request-status-pending = Wartet auf die Redaktion
request-status-approved = Genehmigt
request-status-declined = Abgelehnt
request-status-withdrawn = Zurückgezogen
request-minor = kleine Korrektur
request-note = Notiz
request-decided = Entschieden am
request-changes = Änderungen
request-published = Veröffentlicht
request-proposed = Vorgeschlagen
request-decision = Entscheidung
request-approve = Genehmigen
request-decline = Ablehnen
request-reason = Begründung
request-reason-help = Erforderlich bei einer Ablehnung und bei der Genehmigung einer Aktualisierung, die keine kleine Korrektur ist. Wird der antragstellenden Person angezeigt.
request-submit = Entscheidung festhalten
request-withdraw = Antrag zurückziehen
queue-requests = Anträge der Verantwortlichen
notice-proposed = Ihr Vorschlag wurde gesendet. Die veröffentlichte Seite bleibt unverändert, bis die Redaktion ihn genehmigt.
notice-archive-requested = Ihr Antrag auf Archivierung wurde an die Redaktion gesendet.
notice-restored = Das Praxisbeispiel wurde wiederhergestellt.
notice-update-approved = Die Aktualisierung wurde genehmigt und ist jetzt öffentlich.
notice-request-closed = Der Antrag wurde geschlossen.
workflow-restore = Wiederherstellen
workflow-restore-help = Stellt das Praxisbeispiel so wieder her, wie es vor der Archivierung war, einschließlich der Veröffentlichung, ohne erneute Begutachtung.
workflow-request-archive = Archivierung beantragen
workflow-request-archive-help = Die Redaktion bestätigt, bevor das Praxisbeispiel von den öffentlichen Seiten genommen wird.
workflow-request-archive-confirm-title = Archivierung von „{ $title }“ beantragen?
workflow-request-archive-confirm-intro = Die Redaktion wird gebeten, das Praxisbeispiel von den öffentlichen Seiten zu nehmen. Bis zu ihrer Bestätigung bleibt es öffentlich. Bitte geben Sie den Grund an.
workflow-request-archive-confirm-submit = Ja, Archivierung beantragen

## Redaktion: Organisationen
admin-organisations-title = Organisationen
admin-organisations-unconfirmed = Warten auf Bestätigung
admin-organisations-unconfirmed-help = Von Nutzenden des Hubs angelegte Organisationen. Prüfen Sie vor der Bestätigung, ob es die Organisation wirklich gibt und ob sie kein Duplikat ist.
admin-organisations-none = Keine Organisation wartet auf Bestätigung.
admin-organisations-members = Mitglieder
admin-organisations-confirm = { $name } bestätigen
admin-organisations-confirmed = Die Organisation ist bestätigt.
admin-organisations-merge = Duplikate zusammenführen
admin-organisations-merge-help = Die Praxisbeispiele und Mitglieder der ersten Organisation gehen auf die zweite über; ihre Adresse führt danach zur zweiten. Dies lässt sich hier nicht rückgängig machen.
admin-organisations-from = Aufzulösendes Duplikat (Kurzname in der Adresse)
admin-organisations-into = Beizubehaltende Organisation (Kurzname in der Adresse)
admin-organisations-merge-sure = Ich habe geprüft, dass es sich um dieselbe Organisation handelt
admin-organisations-merge-submit = Zusammenführen
admin-organisations-merged = Die Organisationen wurden zusammengeführt.

## Administration: Konten
admin-accounts-title = Konten
admin-accounts-search = Nach E-Mail-Adresse oder Name suchen
admin-accounts-search-submit = Suchen
admin-accounts-count = { $count ->
    [one] { $count } Konto
   *[other] { $count } Konten
}
admin-accounts-unconfirmed = Adresse nicht bestätigt
admin-accounts-role-of = Rolle von { $name }
admin-accounts-country-of = Land von { $name } (nationale Kontaktstellen)
admin-accounts-no-country = Kein Land
admin-accounts-set-role = Rolle von { $name } ändern
admin-accounts-active = Aktiv
admin-accounts-disabled = Deaktiviert
admin-accounts-disable = { $name } deaktivieren
admin-accounts-disable-confirm = Das Konto wird überall abgemeldet, und seine API-Tokens funktionieren nicht mehr. Nichts, was damit verfasst wurde, wird gelöscht.
admin-accounts-disable-yes = Ja, deaktivieren
admin-accounts-enable = { $name } wieder aktivieren
admin-accounts-done-role = Die Rolle wurde geändert.
admin-accounts-done-disabled = Das Konto wurde deaktiviert.
admin-accounts-done-enabled = Das Konto wurde wieder aktiviert.

## Feldfehler und abgelehnte Schritte
field-error-not_a_member = Nur Mitglieder von { $organisation } dürfen sie als Verantwortliche angeben. Beantragen Sie die Mitgliedschaft in Ihrem Konto oder geben Sie sie als Partner an.
field-error-unknown_organisation = Keine Organisation hat diesen Kurznamen.
field-error-same_organisation = Wählen Sie zwei verschiedene Organisationen.
field-error-cannot_disable_self = Sie können Ihr eigenes Konto nicht deaktivieren.
field-error-cannot_demote_self = Sie können sich die Rolle „Administration“ nicht selbst entziehen.
transition-last-manager = Eine Organisation muss mindestens eine Person mit der Rolle „Verwalter/in“ behalten. Vergeben Sie diese Rolle zuerst an eine andere Person.
transition-membership-not-pending = Über diesen Antrag wurde bereits entschieden.
transition-invitation-used-or-expired = Diese Einladung wurde bereits verwendet oder ist abgelaufen.
transition-request-not-pending = Über diesen Antrag wurde bereits entschieden, oder er wurde zurückgezogen.
transition-practice-not-published = Das Praxisbeispiel ist nicht mehr veröffentlicht, daher kann der Antrag nicht umgesetzt werden.
transition-cannot-merge = Diese Organisationen können nicht zusammengeführt werden.
transition-practice-changed-since-proposal = Das Praxisbeispiel wurde nach diesem Vorschlag geändert. Bitten Sie die Person, die ihn gemacht hat, es erneut zu prüfen und den Vorschlag zu überarbeiten.
transition-only-archived-can-be-restored = Nur archivierte Praxisbeispiele können wiederhergestellt werden.
transition-only-published-take-update-requests = Aktualisierungen können nur für veröffentlichte Praxisbeispiele vorgeschlagen werden; einen Entwurf bearbeiten Sie direkt.
transition-only-published-take-archive-requests = Die Archivierung kann nur für veröffentlichte Praxisbeispiele beantragt werden.

# Wiederherstellung nach Sperre: ein Anmeldelink per E-Mail
sign-in-unlock-link = Anmeldung nicht möglich? Anmeldelink per E-Mail erhalten
unlock-title = Anmeldelink anfordern
unlock-intro = Wird die Anmeldung nach zu vielen Versuchen verweigert oder können Sie sich aus einem anderen Grund nicht anmelden, senden wir Ihnen per E-Mail einen Link, der Sie einmal anmeldet. Er gilt eine Stunde.
unlock-submit = Link per E-Mail senden
unlock-back = Zurück zur Anmeldung
unlock-sent-title = Prüfen Sie Ihre E-Mails
unlock-sent-text = Falls ein Konto { $email } verwendet, ist ein Anmeldelink unterwegs. Er funktioniert einmal und eine Stunde lang.
unlock-follow-title = Mit Ihrem Link anmelden
unlock-follow-intro = Dieser Link meldet Sie einmal an. Drücken Sie die Schaltfläche, um fortzufahren.
unlock-new-link = Neuen Link anfordern
unlock-invalid-title = Link ungültig
unlock-invalid-text = Dieser Anmeldelink ist unbekannt, wurde bereits verwendet oder ist abgelaufen. Sie können einen neuen anfordern.
