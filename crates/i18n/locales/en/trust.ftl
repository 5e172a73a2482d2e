# Trust: refusals, membership by consent, owners' requests, editors' and admins' pages.

## Why an action was refused, and what to do
refusal-email-unconfirmed = Please confirm your e-mail address first: follow the link we sent you. You can ask for a new link on your account page.
refusal-membership-pending = Your request to join { $organisation } is waiting for approval. Ask a manager of { $organisation } to approve your membership.
refusal-not-owner = Only the owners of this practice and the editors may do this. If you work for its organisation, ask to join it from your account page.
refusal-published-needs-request = This practice is published. Propose an update or ask to archive it; an editor will review your request.
refusal-curators-only = Only editors may do this.
refusal-outside-country = As a focal point you curate the practices of your own country only.
refusal-admins-only = Only administrators may do this.
refusal-not-assigned-reviewer = Only the reviewers assigned to this practice may do this.
refusal-managers-only = Only the managers of this organisation and the editors may do this. Ask one of its managers.
refusal-contributors-only = Your account may read but not contribute. Ask an administrator to change your role.
refusal-account-disabled = This account has been disabled. Contact the Hub's administrators.
refusal-invitation-for-another-address = This invitation was sent to another e-mail address. Sign in with that address, or ask for an invitation to yours.
page-forbidden-text = You are not allowed to do this.
page-unauthenticated-text = Please sign in to continue.
page-conflict-text = This could not be done in the record's current state. Go back, reload the page and check what changed.

## Header
nav-organisations = Organisations
nav-accounts = Accounts

## E-mail confirmation
email-confirmed-title = Address confirmed
email-confirmed-text = Thank you. { $email } is confirmed: you can now submit practices.
email-link-invalid-title = Link not valid
email-link-invalid-text = This link is unknown, was used already or has expired. Sign in and ask for a new one on your account page.
account-email-unconfirmed = Your e-mail address is not confirmed yet. Follow the link we sent you to submit practices.
account-resend-confirmation = Send a new confirmation link
account-done-confirmation-sent = A new confirmation link is on its way.
account-email-confirmed = confirmed
account-email-not-confirmed = not confirmed yet

## Joining organisations
account-requested = Your request was sent to the organisation's managers. You will be told when they decide.
account-created-organisation = The organisation was created and you manage it. An editor will confirm it before it can own published practices.
account-organisation-events = What was decided
account-manage-members = Manage members
member-role-member = Member
member-role-manager = Manager
membership-pending = Waiting for approval
membership-active = Member
membership-declined = Declined

## Invitations
invitation-title = Invitation
invitation-text = You are invited to join { $organisation } on the mHealth Hub.
invitation-role = Role
invitation-accept = Accept the invitation
invitation-closed = This invitation was used already or has expired. Ask the organisation for a new one.

## An organisation's members
members-title = Members of { $organisation }
members-back = Back to the organisation
members-unconfirmed = An editor has not confirmed this organisation yet: until then it cannot own published practices.
members-invite-link = Invitation link (also sent by e-mail):
members-requests = Requests to join
members-no-requests = No one is waiting.
members-approve = Approve { $name }
members-decline = Decline { $name }
person-name = Name
members-list = Members
members-role = Role
members-status = Status
members-make-manager = Make { $name } a manager
members-make-member = Make { $name } a member
members-leave = Leave the organisation
members-remove = Remove { $name }
members-remove-confirm = They will no longer act for the organisation. Their past contributions stay.
members-remove-yes = Yes, remove
members-invite = Invite someone
members-invite-send = Send the invitation
members-invited = An invitation was sent to { $email }.
members-events = History
members-no-events = Nothing has happened yet.
members-done-approve = The request was approved.
members-done-decline = The request was declined.
members-done-make-manager = The member is now a manager.
members-done-make-member = The manager is now a member.
members-done-remove = The member was removed.
org-event-created = { $actor } created the organisation.
org-event-requested = { $person } asked to join.
org-event-approved = { $actor } approved { $person }.
org-event-declined = { $actor } declined { $person }.
org-event-invited = { $actor } invited { $detail }.
org-event-joined-by-invitation = { $person } joined by invitation as { $detail }.
org-event-role-changed = { $actor } made { $person } { $detail }.
org-event-removed = { $actor } removed { $person }.
org-event-left = { $person } left.
org-event-confirmed = { $actor } confirmed the organisation.
org-event-merged-away = { $actor } merged this organisation into { $detail }.
org-event-merged-in = { $actor } merged { $detail } into this organisation.

## Owners' requests on published practices
practice-propose-update = Propose an update
propose-title = Propose an update
propose-intro = This practice is published. Your changes are sent to the editors as a proposal; the public page stays as it is until they approve it.
propose-minor = This is a small correction
propose-minor-help = A typo, a broken link, a new contact: an editor may approve it directly.
propose-send = Send the proposal
request-pending-notice = A request about this practice is waiting for an editor:
request-kind-update = Update proposed by { $author }
request-kind-archive = Archiving asked by { $author }
request-update = Update
request-archive = Archiving
request-kind = Request
request-author = Asked by
request-created = Asked on
request-title-update = Proposed update of “{ $title }”
request-title-archive = Request to archive “{ $title }”
request-practice-link = See the published practice
request-status-pending = Waiting for an editor
request-status-approved = Approved
request-status-declined = Declined
request-status-withdrawn = Withdrawn
request-minor = small correction
request-note = Note
request-decided = Decided
request-changes = Changes
request-published = Published
request-proposed = Proposed
request-decision = Decision
request-approve = Approve
request-decline = Decline
request-reason = Reason
request-reason-help = Required when declining, and when approving an update that is not a small correction. Shown to the person who asked.
request-submit = Record the decision
request-withdraw = Withdraw the request
queue-requests = Owners' requests
notice-proposed = Your proposal was sent. The published page stays as it is until an editor approves it.
notice-archive-requested = Your request to archive was sent to the editors.
notice-restored = The practice was restored.
notice-update-approved = The update was approved and is now public.
notice-request-closed = The request was closed.
workflow-restore = Restore
workflow-restore-help = Brings the practice back as it was before it was archived, published included, without another review.
workflow-request-archive = Ask to archive
workflow-request-archive-help = An editor confirms before the practice leaves the public pages.
workflow-request-archive-confirm-title = Ask to archive “{ $title }”?
workflow-request-archive-confirm-intro = The editors will be asked to take the practice off the public pages. It stays public until they confirm. Please say why.
workflow-request-archive-confirm-submit = Yes, ask to archive it

## Editors: organisations
admin-organisations-title = Organisations
admin-organisations-unconfirmed = Waiting for confirmation
admin-organisations-unconfirmed-help = Organisations created by people on the Hub. Check that each is real and not a duplicate before confirming it.
admin-organisations-none = No organisation is waiting.
admin-organisations-members = members
admin-organisations-confirm = Confirm { $name }
admin-organisations-confirmed = The organisation is confirmed.
admin-organisations-merge = Merge duplicates
admin-organisations-merge-help = The practices and members of the first organisation move to the second; its address then leads to the second. This cannot be undone from here.
admin-organisations-from = Duplicate to merge away (its short name in the address)
admin-organisations-into = Organisation to keep (its short name in the address)
admin-organisations-merge-sure = I checked that these are the same organisation
admin-organisations-merge-submit = Merge
admin-organisations-merged = The organisations were merged.

## Admins: accounts
admin-accounts-title = Accounts
admin-accounts-search = Search by e-mail address or name
admin-accounts-search-submit = Search
admin-accounts-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
admin-accounts-unconfirmed = address not confirmed
admin-accounts-role-of = Role of { $name }
admin-accounts-country-of = Country of { $name } (focal points)
admin-accounts-no-country = No country
admin-accounts-set-role = Change the role of { $name }
admin-accounts-active = Active
admin-accounts-disabled = Disabled
admin-accounts-disable = Disable { $name }
admin-accounts-disable-confirm = The account is signed out everywhere and its API tokens stop working. Nothing it wrote is deleted.
admin-accounts-disable-yes = Yes, disable
admin-accounts-enable = Enable { $name }
admin-accounts-done-role = The role was changed.
admin-accounts-done-disabled = The account was disabled.
admin-accounts-done-enabled = The account was enabled.

## Field errors and refused steps
field-error-not_a_member = Only members of { $organisation } may name it as an owner. Ask to join it from your account page, or name it as a partner.
field-error-unknown_organisation = No organisation has this short name.
field-error-same_organisation = Choose two different organisations.
field-error-cannot_disable_self = You cannot disable your own account.
field-error-cannot_demote_self = You cannot take the administrator role from yourself.
transition-last-manager = An organisation keeps at least one manager. Make someone else a manager first.
transition-membership-not-pending = This request was already decided.
transition-invitation-used-or-expired = This invitation was used already or has expired.
transition-request-not-pending = This request was already decided or withdrawn.
transition-practice-not-published = The practice is no longer published, so the request cannot be applied.
transition-cannot-merge = These organisations cannot be merged.
transition-practice-changed-since-proposal = The practice changed after this update was proposed. Ask its author to look at the practice again and revise the proposal.
transition-only-archived-can-be-restored = Only archived practices can be restored.
transition-only-published-take-update-requests = Only published practices take proposed updates; edit a draft directly.
transition-only-published-take-archive-requests = Only published practices take archive requests.

# Lockout recovery: a sign-in link by e-mail
sign-in-unlock-link = Cannot sign in? Get a sign-in link by e-mail
unlock-title = Get a sign-in link
unlock-intro = If sign-in is refused after too many attempts, or you cannot sign in for another reason, we e-mail you a link that signs you in once. It works for one hour.
unlock-submit = E-mail me a link
unlock-back = Back to sign-in
unlock-sent-title = Check your e-mail
unlock-sent-text = If an account uses { $email }, a sign-in link is on its way. It works once, for one hour.
unlock-follow-title = Sign in with your link
unlock-follow-intro = This link signs you in once. Press the button to continue.
unlock-new-link = Ask for a new link
unlock-invalid-title = Link not valid
unlock-invalid-text = This sign-in link is unknown, was used already or has expired. You can ask for a new one.
