## Le formulaire de pratique : traductions, groupes répétés et boutons du circuit de validation.

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
workflow-reason-help = Facultatif ; affiché dans l’historique de la pratique.
notice-archived = La pratique a été archivée.
notice-reopened = La pratique a été rouverte comme brouillon.
notice-review-started = L’évaluation a commencé.
