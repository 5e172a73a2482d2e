## El formulario de la práctica: traducciones, grupos repetidos y botones del proceso de revisión.

workflow-start-review = Iniciar la revisión
workflow-start-review-help = Los revisores asignados podrán entonces puntuar la práctica.
workflow-archive = Archivar
workflow-archive-help = Retira la práctica de las páginas públicas. Los editores podrán reabrirla más adelante.
workflow-reopen = Reabrir como borrador
workflow-reopen-help = Devuelve la práctica al estado de borrador para que sus responsables puedan modificarla y enviarla de nuevo.
workflow-archive-confirm-title = ¿Archivar «{ $title }»?
workflow-archive-confirm-intro = La práctica dejará de mostrarse en las páginas públicas y de aparecer en las búsquedas. Su historial se conserva y los editores podrán reabrirla más adelante.
workflow-archive-confirm-submit = Sí, archivarla
workflow-reason = Motivo
workflow-reason-help = Opcional; se muestra en el historial de la práctica.
notice-archived = La práctica se ha archivado.
notice-reopened = La práctica se ha reabierto como borrador.
notice-review-started = La revisión ha comenzado.
