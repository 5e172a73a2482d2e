## Das Formular für Praxisbeispiele: Übersetzungen, wiederholte Gruppen und Schaltflächen des Prüfablaufs.

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
workflow-reason-help = Optional; wird im Verlauf des Praxisbeispiels angezeigt.
notice-archived = Das Praxisbeispiel wurde archiviert.
notice-reopened = Das Praxisbeispiel wurde als Entwurf wieder geöffnet.
notice-review-started = Die Begutachtung hat begonnen.
