## Le formulaire de pratique : traductions, groupes répétés et boutons du circuit de validation.

form-section-translations = Autres langues
form-section-translations-help = Les mêmes textes dans d’autres langues, pour toucher davantage de lecteurs. L’original reste tel qu’il est rédigé plus haut.
form-translations = Traductions
form-translations-help = Pour supprimer une traduction, cochez « Supprimer cette traduction » ou videz tous ses champs.
form-translation-new = Ajouter une traduction
form-translation-language = Langue de la traduction
form-translation-language-help = Laissez les champs ci-dessous vides si vous ne souhaitez pas en ajouter maintenant.
form-translation-remove = Supprimer cette traduction
field-error-translation_exists = Il existe déjà un texte dans cette langue. Modifiez-le ou supprimez-le d’abord.

form-organisations = Organisations
form-organisations-help = L’organisation responsable, ses partenaires et ses financeurs. Les lignes vides sont ignorées.
form-organisation-row = Organisation { $count }
form-organisation-name = Nom de l’organisation
form-organisation-role = Rôle
form-organisation-role-owner = Organisation responsable
form-organisation-role-partner = Partenaire
form-organisation-role-funder = Financeur
form-organisation-country = Code du pays
form-organisation-country-help = Deux lettres, par exemple DE. Laissez vide s’il s’agit du pays de la pratique.

form-section-contacts = Contacts
form-section-contacts-help = Les personnes à qui les lecteurs peuvent poser des questions sur la pratique. Les contacts ne sont visibles que des utilisateurs connectés.
form-contacts = Personnes à contacter
form-contacts-help = Une ligne doit comporter au moins un nom. Les lignes vides sont ignorées.
form-contact-row = Contact { $count }
form-contact-name = Nom
form-contact-email = Adresse e-mail
form-contact-role = Rôle ou fonction

form-outcomes-group-help = Ce qui a été mesuré et ce qui a été constaté. Les lignes vides sont ignorées.
form-outcome-row = Résultat { $count }
form-outcome-measure = Indicateur
form-outcome-value = Résultat obtenu
form-outcome-value-help = Par exemple « −0,5 point d’HbA1c après 12 mois ».

form-publications-group-help = Études et rapports consacrés à la pratique. Les lignes vides sont ignorées.
form-publication-row = Publication { $count }
form-publication-citation = Référence bibliographique
form-publication-url = Adresse web
form-publication-doi = DOI
form-publication-doi-help = Par exemple 10.1000/xyz123.

form-assessments = Évaluations et labels de qualité
form-assessments-help = Évaluations selon un référentiel, certifications, labels. Les lignes vides sont ignorées.
form-assessment-row = Évaluation { $count }
form-assessment-framework = Référentiel ou label
form-assessment-framework-help = Par exemple MAST ou une certification nationale d’applications de santé.
form-assessment-result = Résultat
form-assessment-year = Année
form-assessment-url = Adresse web du rapport

form-links-group-help = Sites web, rapports et vidéos. Les lignes vides sont ignorées.
form-link-row = Lien { $count }
form-link-url = Adresse web
form-link-title = Intitulé
form-link-kind = Type de lien
form-link-kind-website = Site web
form-link-kind-source = Source des informations
form-link-kind-attachment = Document
form-link-kind-video = Vidéo
form-link-kind-report = Rapport

form-cdhi-v1 = Interventions de santé numérique (CDHI de l’OMS, première édition)
form-cdhi-v1-help = Uniquement pour les fiches classées selon la première édition. Maintenez Ctrl (ou Cmd) enfoncé pour en choisir plusieurs.
form-cost-note = À propos des coûts
form-funding-note = À propos du financement

form-section-notes = Remarques
form-section-notes-help = Ce qui reste incertain ou doit encore être vérifié.
form-notes = Remarques sur les informations incertaines
form-notes-help = Par exemple un chiffre qui n’a pas pu être confirmé. Les éditeurs lisent ces remarques.

workflow-start-review = Lancer l’évaluation
workflow-start-review-help = Les évaluateurs désignés pourront alors noter la pratique.
workflow-archive = Archiver
workflow-archive-help = Retire la pratique des pages publiques. Les éditeurs pourront la rouvrir plus tard.
workflow-reopen = Rouvrir comme brouillon
workflow-reopen-help = Remet la pratique à l’état de brouillon, afin que ses responsables puissent la modifier et la soumettre à nouveau.
workflow-archive-confirm-title = Archiver « { $title } » ?
workflow-archive-confirm-intro = La pratique ne sera plus affichée sur les pages publiques ni trouvée par la recherche. Son historique est conservé et les éditeurs pourront la rouvrir plus tard.
workflow-archive-confirm-submit = Oui, l’archiver
workflow-reason = Motif
workflow-reason-help = Obligatoire ; affiché dans l’historique de la pratique.
notice-archived = La pratique a été archivée.
notice-reopened = La pratique a été rouverte comme brouillon.
notice-review-started = L’évaluation a commencé.
