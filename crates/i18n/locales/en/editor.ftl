## The practice form: translations, repeating groups, and workflow buttons.

workflow-start-review = Start the review
workflow-start-review-help = The assigned reviewers can then score the practice.
workflow-archive = Archive
workflow-archive-help = Takes the practice off the public pages. Editors can reopen it later.
workflow-reopen = Reopen as a draft
workflow-reopen-help = Brings the practice back to draft, so that its owners can edit it and submit it again.
workflow-archive-confirm-title = Archive “{ $title }”?
workflow-archive-confirm-intro = The practice will no longer be shown on the public pages or found by search. Its history is kept, and editors can reopen it later.
workflow-archive-confirm-submit = Yes, archive it
workflow-reason = Reason
workflow-reason-help = Optional; shown in the practice's history.
notice-archived = The practice was archived.
notice-reopened = The practice was reopened as a draft.
notice-review-started = The review has started.
