## Das Formular für Praxisbeispiele: Übersetzungen, wiederholte Gruppen und Schaltflächen des Prüfablaufs.

form-section-translations = Weitere Sprachen
form-section-translations-help = Dieselben Texte in weiteren Sprachen, damit mehr Leserinnen und Leser sie verstehen. Das Original bleibt so, wie es oben steht.
form-translations = Übersetzungen
form-translations-help = Um eine Übersetzung zu entfernen, kreuzen Sie „Diese Übersetzung entfernen“ an oder leeren Sie alle ihre Felder.
form-translation-new = Übersetzung hinzufügen
form-translation-language = Sprache der Übersetzung
form-translation-language-help = Lassen Sie die Felder darunter leer, wenn Sie jetzt keine hinzufügen möchten.
form-translation-remove = Diese Übersetzung entfernen
field-error-translation_exists = Es gibt bereits einen Text in dieser Sprache. Bearbeiten oder entfernen Sie zuerst diesen.

form-organisations = Organisationen
form-organisations-help = Die federführende Organisation, ihre Partner und Geldgeber. Leere Zeilen werden nicht berücksichtigt.
form-organisation-row = Organisation { $count }
form-organisation-name = Name der Organisation
form-organisation-role = Rolle
form-organisation-role-owner = Federführende Organisation
form-organisation-role-partner = Partner
form-organisation-role-funder = Geldgeber
form-organisation-country = Ländercode
form-organisation-country-help = Zwei Buchstaben, zum Beispiel DE. Leer lassen, wenn es das Land des Praxisbeispiels ist.

form-section-contacts = Ansprechpersonen
form-section-contacts-help = Personen, an die sich Leserinnen und Leser mit Fragen zum Praxisbeispiel wenden können. Sie sind nur für angemeldete Nutzerinnen und Nutzer sichtbar.
form-contacts = Kontaktpersonen
form-contacts-help = Eine Zeile braucht mindestens einen Namen. Leere Zeilen werden nicht berücksichtigt.
form-contact-row = Kontakt { $count }
form-contact-name = Name
form-contact-email = E-Mail-Adresse
form-contact-role = Funktion oder Position

form-outcomes-group-help = Was gemessen wurde und was sich gezeigt hat. Leere Zeilen werden nicht berücksichtigt.
form-outcome-row = Ergebnis { $count }
form-outcome-measure = Messgröße
form-outcome-value = Befund
form-outcome-value-help = Zum Beispiel „−0,5 Punkte HbA1c nach 12 Monaten“.

form-publications-group-help = Studien und Berichte zum Praxisbeispiel. Leere Zeilen werden nicht berücksichtigt.
form-publication-row = Veröffentlichung { $count }
form-publication-citation = Quellenangabe
form-publication-url = Webadresse
form-publication-doi = DOI
form-publication-doi-help = Zum Beispiel 10.1000/xyz123.

form-assessments = Bewertungen und Qualitätssiegel
form-assessments-help = Bewertungen nach einem Rahmenwerk, Zertifizierungen, Siegel. Leere Zeilen werden nicht berücksichtigt.
form-assessment-row = Bewertung { $count }
form-assessment-framework = Rahmenwerk oder Siegel
form-assessment-framework-help = Zum Beispiel MAST oder eine nationale Zertifizierung für Gesundheits-Apps.
form-assessment-result = Ergebnis
form-assessment-year = Jahr
form-assessment-url = Webadresse des Berichts

form-links-group-help = Websites, Berichte und Videos. Leere Zeilen werden nicht berücksichtigt.
form-link-row = Link { $count }
form-link-url = Webadresse
form-link-title = Titel
form-link-kind = Art des Links
form-link-kind-website = Website
form-link-kind-source = Quelle der Angaben
form-link-kind-attachment = Dokument
form-link-kind-video = Video
form-link-kind-report = Bericht

form-cdhi-v1 = Digitale Gesundheitsinterventionen (WHO-CDHI, erste Ausgabe)
form-cdhi-v1-help = Nur für Einträge, die nach der ersten Ausgabe eingeordnet wurden. Halten Sie Strg (oder Cmd) gedrückt, um mehrere auszuwählen.
form-cost-note = Zu den Kosten
form-funding-note = Zur Finanzierung

form-section-notes = Anmerkungen
form-section-notes-help = Was unsicher ist oder noch geprüft werden muss.
form-notes = Anmerkungen zu unsicheren Angaben
form-notes-help = Zum Beispiel eine Zahl, die sich nicht bestätigen ließ. Die Redaktion liest diese Anmerkungen.

workflow-start-review = Begutachtung starten
workflow-start-review-help = Die zugewiesenen Gutachterinnen und Gutachter können das Praxisbeispiel dann bewerten.
workflow-archive = Archivieren
workflow-archive-help = Nimmt das Praxisbeispiel von den öffentlichen Seiten. Die Redaktion kann es später wieder öffnen.
workflow-reopen = Als Entwurf wieder öffnen
workflow-reopen-help = Setzt das Praxisbeispiel auf Entwurf zurück, damit es bearbeitet und erneut eingereicht werden kann.
workflow-archive-confirm-title = „{ $title }“ archivieren?
workflow-archive-confirm-intro = Das Praxisbeispiel wird nicht mehr auf den öffentlichen Seiten angezeigt und von der Suche nicht mehr gefunden. Sein Verlauf bleibt erhalten, und die Redaktion kann es später wieder öffnen.
workflow-archive-confirm-submit = Ja, archivieren
workflow-reason = Begründung
workflow-reason-help = Erforderlich; wird im Verlauf des Praxisbeispiels angezeigt.
notice-archived = Das Praxisbeispiel wurde archiviert.
notice-reopened = Das Praxisbeispiel wurde als Entwurf wieder geöffnet.
notice-review-started = Die Begutachtung hat begonnen.
