## The practice form: translations, repeating groups, and workflow buttons.

form-section-translations = Other languages
form-section-translations-help = The same texts in further languages, so more readers can follow them. The original stays as written above.
form-translations = Translations
form-translations-help = To remove a translation, tick “Remove this translation” or empty all its fields.
form-translation-new = Add a translation
form-translation-language = Language of the translation
form-translation-language-help = Leave the fields below empty if you do not want to add one now.
form-translation-remove = Remove this translation
field-error-translation_exists = There is already a text in this language. Edit or remove that one first.

form-organisations = Organisations
form-organisations-help = The lead organisation, its partners and funders. Empty rows are ignored.
form-organisation-row = Organisation { $count }
form-organisation-name = Name of the organisation
form-organisation-role = Role
form-organisation-role-owner = Lead organisation
form-organisation-role-partner = Partner
form-organisation-role-funder = Funder
form-organisation-country = Country code
form-organisation-country-help = Two letters, for example DE. Leave empty if it is the practice's country.

form-section-contacts = Contacts
form-section-contacts-help = People readers can ask about the practice. Contacts are shown to signed-in users only.
form-contacts = Contact people
form-contacts-help = A row needs at least a name. Empty rows are ignored.
form-contact-row = Contact { $count }
form-contact-name = Name
form-contact-email = E-mail address
form-contact-role = Role or position

form-outcomes-group-help = What was measured and what was found. Empty rows are ignored.
form-outcome-row = Outcome { $count }
form-outcome-measure = Measure
form-outcome-value = Result
form-outcome-value-help = For example “−0.5 points of HbA1c after 12 months”.

form-publications-group-help = Studies and reports about the practice. Empty rows are ignored.
form-publication-row = Publication { $count }
form-publication-citation = Citation
form-publication-url = Web address
form-publication-doi = DOI
form-publication-doi-help = For example 10.1000/xyz123.

form-assessments = Assessments and quality labels
form-assessments-help = Evaluations against a framework, certifications, labels. Empty rows are ignored.
form-assessment-row = Assessment { $count }
form-assessment-framework = Framework or label
form-assessment-framework-help = For example MAST or a national app certification.
form-assessment-result = Result
form-assessment-year = Year
form-assessment-url = Web address of the report

form-links-group-help = Websites, reports and videos. Empty rows are ignored.
form-link-row = Link { $count }
form-link-url = Web address
form-link-title = Title
form-link-kind = Kind of link
form-link-kind-website = Website
form-link-kind-source = Source of the information
form-link-kind-attachment = Document
form-link-kind-video = Video
form-link-kind-report = Report

form-cdhi-v1 = Digital health interventions (WHO CDHI v1, earlier edition)
form-cdhi-v1-help = Only for records classified with the first edition. Hold Ctrl (or Cmd) to choose several.
form-cost-note = About the costs
form-funding-note = About the funding

form-section-notes = Notes
form-section-notes-help = What is uncertain or still to be checked.
form-notes = Notes on uncertain facts
form-notes-help = For example a figure that could not be confirmed. Editors read these notes.

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
workflow-reason-help = Required; shown in the practice’s history.
notice-archived = The practice was archived.
notice-reopened = The practice was reopened as a draft.
notice-review-started = The review has started.
