# Confiance : refus, adhésion par consentement, demandes des responsables, pages des éditeurs et des administrateurs.

## Pourquoi une action a été refusée, et que faire
refusal-email-unconfirmed = Veuillez d’abord confirmer votre adresse électronique : suivez le lien que nous vous avons envoyé. Vous pouvez demander un nouveau lien sur la page de votre compte.
refusal-membership-pending = Votre demande d’adhésion à l’organisation { $organisation } est en attente d’approbation. Demandez à un gestionnaire de l’organisation { $organisation } d’approuver votre adhésion.
refusal-not-owner = Seuls les responsables de cette pratique et les éditeurs peuvent effectuer cette action. Si vous travaillez pour son organisation, demandez à la rejoindre depuis la page de votre compte.
refusal-published-needs-request = Cette pratique est publiée. Proposez une mise à jour ou demandez son archivage ; un éditeur examinera votre demande.
refusal-curators-only = Seuls les éditeurs peuvent effectuer cette action.
refusal-outside-country = En tant que point focal, vous ne gérez que les pratiques de votre propre pays.
refusal-admins-only = Seuls les administrateurs peuvent effectuer cette action.
refusal-not-assigned-reviewer = Seuls les évaluateurs désignés pour cette pratique peuvent effectuer cette action.
refusal-managers-only = Seuls les gestionnaires de cette organisation et les éditeurs peuvent effectuer cette action. Adressez-vous à l’un de ses gestionnaires.
refusal-contributors-only = Votre compte permet de consulter le Hub, mais pas d’y contribuer. Demandez à un administrateur de modifier votre rôle.
refusal-account-disabled = Ce compte a été désactivé. Contactez les administrateurs du Hub.
refusal-invitation-for-another-address = Cette invitation a été envoyée à une autre adresse électronique. Connectez-vous avec cette adresse ou demandez une invitation pour la vôtre.
page-forbidden-text = Cette action ne vous est pas permise.
page-unauthenticated-text = Veuillez vous connecter pour continuer.
page-conflict-text = Cette action n’a pas pu être effectuée dans l’état actuel de la fiche. Revenez en arrière, rechargez la page et vérifiez ce qui a changé.

## En-tête
nav-organisations = Organisations
nav-accounts = Comptes

## Confirmation de l’adresse électronique
email-confirmed-title = Adresse confirmée
email-confirmed-text = Merci. L’adresse { $email } est confirmée : vous pouvez désormais soumettre des pratiques.
email-link-invalid-title = Lien non valide
email-link-invalid-text = Ce lien est inconnu, a déjà été utilisé ou a expiré. Connectez-vous et demandez-en un nouveau sur la page de votre compte.
account-email-unconfirmed = Votre adresse électronique n’est pas encore confirmée. Suivez le lien que nous vous avons envoyé pour pouvoir soumettre des pratiques.
account-resend-confirmation = Envoyer un nouveau lien de confirmation
account-done-confirmation-sent = Un nouveau lien de confirmation vous a été envoyé.
account-email-confirmed = confirmée
account-email-not-confirmed = pas encore confirmée

## Rejoindre des organisations
account-requested = Votre demande a été envoyée aux gestionnaires de l’organisation. Leur décision vous sera communiquée.
account-created-organisation = L’organisation a été créée et vous en êtes gestionnaire. Un éditeur doit la confirmer avant qu’elle puisse être responsable de pratiques publiées.
account-organisation-events = Décisions prises
account-manage-members = Gérer les membres
member-role-member = Membre
member-role-manager = Gestionnaire
membership-pending = En attente d’approbation
membership-active = Membre
membership-declined = Demande refusée

## Invitations
invitation-title = Invitation à rejoindre
invitation-text = Vous avez reçu une invitation à rejoindre l’organisation { $organisation } sur le mHealth Hub.
invitation-role = Rôle
invitation-accept = Accepter l’invitation
invitation-closed = Cette invitation a déjà été utilisée ou a expiré. Demandez-en une nouvelle à l’organisation.

## Membres d’une organisation
members-title = Membres de l’organisation { $organisation }
members-back = Retour à l’organisation
members-unconfirmed = Aucun éditeur n’a encore confirmé cette organisation : d’ici là, elle ne peut pas être responsable de pratiques publiées.
members-invite-link = Lien d’invitation (également envoyé par e-mail) :
members-requests = Demandes d’adhésion
members-no-requests = Aucune demande en attente.
members-approve = Accepter { $name }
members-decline = Refuser { $name }
person-name = Nom
members-list = Membres
members-role = Rôle
members-status = Statut
members-make-manager = Attribuer le rôle de gestionnaire à { $name }
members-make-member = Attribuer le rôle de membre à { $name }
members-leave = Quitter l’organisation
members-remove = Retirer { $name }
members-remove-confirm = Cette personne n’agira plus au nom de l’organisation. Ses contributions passées sont conservées.
members-remove-yes = Oui, retirer
members-invite = Inviter quelqu’un
members-invite-send = Envoyer l’invitation
members-invited = Une invitation a été envoyée à { $email }.
members-events = Historique
members-no-events = Aucun événement pour le moment.
members-done-approve = La demande a été acceptée.
members-done-decline = La demande a été refusée.
members-done-make-manager = Le membre est désormais gestionnaire.
members-done-make-member = Le gestionnaire est désormais simple membre.
members-done-remove = Le membre a été retiré.
org-event-created = { $actor } a créé l’organisation.
org-event-requested = { $person } a demandé à rejoindre l’organisation.
org-event-approved = { $actor } a accepté { $person }.
org-event-declined = { $actor } a refusé { $person }.
org-event-invited = { $actor } a invité { $detail }.
org-event-joined-by-invitation = { $person } a rejoint l’organisation sur invitation, avec le rôle { $detail }.
org-event-role-changed = { $actor } a attribué le rôle { $detail } à { $person }.
org-event-removed = { $actor } a retiré { $person }.
org-event-left = { $person } a quitté l’organisation.
org-event-confirmed = { $actor } a confirmé l’organisation.
org-event-merged-away = { $actor } a intégré cette organisation à { $detail }.
org-event-merged-in = { $actor } a intégré { $detail } à cette organisation.

## Demandes des responsables sur les pratiques publiées
practice-propose-update = Proposer une mise à jour
propose-title = Proposer une mise à jour
propose-intro = Cette pratique est publiée. Vos modifications sont envoyées aux éditeurs sous forme de proposition ; la page publique reste inchangée tant qu’ils ne l’ont pas approuvée.
propose-minor = Il s’agit d’une petite correction
propose-minor-help = Une faute de frappe, un lien cassé, un nouveau contact : un éditeur peut l’approuver directement.
propose-send = Envoyer la proposition
request-pending-notice = Une demande concernant cette pratique attend l’examen d’un éditeur :
request-kind-update = Mise à jour proposée par { $author }
request-kind-archive = Archivage demandé par { $author }
request-update = Mise à jour
request-archive = Archivage
request-kind = Demande
request-author = Auteur de la demande
request-created = Date de la demande
request-title-update = Mise à jour proposée de « { $title } »
request-title-archive = Demande d’archivage de « { $title } »
request-practice-link = Voir la pratique publiée
request-status-pending = En attente d’un éditeur
request-status-approved = Approuvée
request-status-declined = Refusée
request-status-withdrawn = Retirée
request-minor = petite correction
request-note = Remarque
request-decided = Date de la décision
request-changes = Modifications
request-published = Version publiée
request-proposed = Version proposée
request-decision = Décision
request-approve = Approuver
request-decline = Refuser
request-reason = Motif
request-reason-help = Obligatoire en cas de refus, ainsi que pour approuver une mise à jour qui n’est pas une petite correction. Affiché à l’auteur de la demande.
request-submit = Enregistrer la décision
request-withdraw = Retirer la demande
queue-requests = Demandes des responsables
notice-proposed = Votre proposition a été envoyée. La page publiée reste inchangée tant qu’un éditeur ne l’a pas approuvée.
notice-archive-requested = Votre demande d’archivage a été envoyée aux éditeurs.
notice-restored = La pratique a été restaurée.
notice-update-approved = La mise à jour a été approuvée et est désormais publique.
notice-request-closed = La demande a été clôturée.
workflow-restore = Restaurer
workflow-restore-help = Rétablit la pratique telle qu’elle était avant son archivage, publication comprise, sans nouvelle évaluation.
workflow-request-archive = Demander l’archivage
workflow-request-archive-help = Un éditeur doit confirmer avant que la pratique soit retirée des pages publiques.
workflow-request-archive-confirm-title = Demander l’archivage de « { $title } » ?
workflow-request-archive-confirm-intro = Il sera demandé aux éditeurs de retirer la pratique des pages publiques. Elle reste publique jusqu’à leur confirmation. Veuillez indiquer pourquoi.
workflow-request-archive-confirm-submit = Oui, demander son archivage

## Éditeurs : organisations
admin-organisations-title = Gestion des organisations
admin-organisations-unconfirmed = En attente de confirmation
admin-organisations-unconfirmed-help = Organisations créées par des utilisateurs du Hub. Avant de confirmer chacune d’elles, vérifiez qu’elle existe réellement et qu’il ne s’agit pas d’un doublon.
admin-organisations-none = Aucune organisation en attente.
admin-organisations-members = membres
admin-organisations-confirm = Confirmer { $name }
admin-organisations-confirmed = L’organisation est confirmée.
admin-organisations-merge = Fusionner des doublons
admin-organisations-merge-help = Les pratiques et les membres de la première organisation passent à la seconde ; son adresse mène ensuite à la seconde. Cette opération ne peut pas être annulée depuis cette page.
admin-organisations-from = Doublon à fusionner (son identifiant dans l’adresse)
admin-organisations-into = Organisation à conserver (son identifiant dans l’adresse)
admin-organisations-merge-sure = J’ai vérifié qu’il s’agit de la même organisation
admin-organisations-merge-submit = Fusionner
admin-organisations-merged = Les organisations ont été fusionnées.

## Administrateurs : comptes
admin-accounts-title = Comptes
admin-accounts-search = Rechercher par adresse électronique ou par nom
admin-accounts-search-submit = Rechercher
admin-accounts-count = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
admin-accounts-unconfirmed = adresse non confirmée
admin-accounts-role-of = Rôle attribué à { $name }
admin-accounts-country-of = Pays attribué à { $name } (points focaux)
admin-accounts-no-country = Aucun pays
admin-accounts-set-role = Modifier le rôle attribué à { $name }
admin-accounts-active = Actif
admin-accounts-disabled = Désactivé
admin-accounts-disable = Désactiver { $name }
admin-accounts-disable-confirm = Le compte est déconnecté partout et ses jetons d’API cessent de fonctionner. Rien de ce qu’il a rédigé n’est supprimé.
admin-accounts-disable-yes = Oui, désactiver
admin-accounts-enable = Réactiver { $name }
admin-accounts-done-role = Le rôle a été modifié.
admin-accounts-done-disabled = Le compte a été désactivé.
admin-accounts-done-enabled = Le compte a été réactivé.

## Erreurs de champ et étapes refusées
field-error-not_a_member = Seuls les membres de { $organisation } peuvent l’indiquer comme responsable. Demandez à la rejoindre depuis votre compte, ou indiquez-la comme partenaire.
field-error-unknown_organisation = Aucune organisation n’a cet identifiant.
field-error-same_organisation = Choisissez deux organisations différentes.
field-error-cannot_disable_self = Vous ne pouvez pas désactiver votre propre compte.
field-error-cannot_demote_self = Vous ne pouvez pas vous retirer vous-même le rôle d’administrateur.
transition-last-manager = Une organisation doit garder au moins un gestionnaire. Attribuez d’abord le rôle de gestionnaire à quelqu’un d’autre.
transition-membership-not-pending = Une décision a déjà été prise sur cette demande.
transition-invitation-used-or-expired = Cette invitation a déjà été utilisée ou a expiré.
transition-request-not-pending = Cette demande a déjà fait l’objet d’une décision ou a été retirée.
transition-practice-not-published = La pratique n’est plus publiée : la demande ne peut donc pas être appliquée.
transition-cannot-merge = Ces organisations ne peuvent pas être fusionnées.
transition-practice-changed-since-proposal = La pratique a changé depuis cette proposition. Demandez à son auteur de relire la pratique et de réviser sa proposition.
transition-only-archived-can-be-restored = Seules les pratiques archivées peuvent être restaurées.
transition-only-published-take-update-requests = Seules les pratiques publiées peuvent faire l’objet d’une proposition de mise à jour ; un brouillon se modifie directement.
transition-only-published-take-archive-requests = Seules les pratiques publiées peuvent faire l’objet d’une demande d’archivage.

# Récupération après blocage : un lien de connexion par courriel
sign-in-unlock-link = Impossible de vous connecter ? Recevez un lien de connexion par courriel
unlock-title = Recevoir un lien de connexion
unlock-intro = Si la connexion est refusée après trop de tentatives, ou si vous ne pouvez pas vous connecter pour une autre raison, nous vous envoyons par courriel un lien qui vous connecte une fois. Il est valable une heure.
unlock-submit = M’envoyer un lien
unlock-back = Retour à la connexion
unlock-sent-title = Consultez vos courriels
unlock-sent-text = Si un compte utilise { $email }, un lien de connexion est en route. Il fonctionne une fois, pendant une heure.
unlock-follow-title = Se connecter avec votre lien
unlock-follow-intro = Ce lien vous connecte une seule fois. Appuyez sur le bouton pour continuer.
unlock-new-link = Demander un nouveau lien
unlock-invalid-title = Lien non valide
unlock-invalid-text = Ce lien de connexion est inconnu, a déjà été utilisé ou a expiré. Vous pouvez en demander un nouveau.
