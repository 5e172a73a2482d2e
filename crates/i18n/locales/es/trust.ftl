# Confianza: rechazos, pertenencia por consentimiento, solicitudes de los responsables, páginas de editores y administradores.

## Por qué se rechazó una acción y qué hacer
refusal-email-unconfirmed = Confirme primero su dirección de correo electrónico: siga el enlace que le enviamos. Puede pedir un enlace nuevo en la página de su cuenta.
refusal-membership-pending = Su solicitud para unirse a la organización { $organisation } está pendiente de aprobación. Pida a un gestor de la organización { $organisation } que apruebe su pertenencia.
refusal-not-owner = Solo los responsables de esta práctica y los editores pueden hacerlo. Si trabaja para su organización, solicite unirse a ella desde la página de su cuenta.
refusal-published-needs-request = Esta práctica está publicada. Proponga una actualización o solicite su archivo; un editor revisará su solicitud.
refusal-curators-only = Solo los editores pueden hacerlo.
refusal-outside-country = Como punto focal, solo se ocupa de las prácticas de su propio país.
refusal-admins-only = Solo los administradores pueden hacerlo.
refusal-not-assigned-reviewer = Solo los revisores asignados a esta práctica pueden hacerlo.
refusal-managers-only = Solo los gestores de esta organización y los editores pueden hacerlo. Diríjase a uno de sus gestores.
refusal-contributors-only = Su cuenta permite consultar, pero no contribuir. Pida a un administrador que cambie su función.
refusal-account-disabled = Esta cuenta se ha desactivado. Póngase en contacto con los administradores del Hub.
refusal-invitation-for-another-address = Esta invitación se envió a otra dirección de correo electrónico. Inicie sesión con esa dirección o pida una invitación para la suya.
page-forbidden-text = No tiene permiso para hacer esto.
page-unauthenticated-text = Inicie sesión para continuar.
page-conflict-text = No se ha podido hacer en el estado actual de la ficha. Vuelva atrás, recargue la página y compruebe qué ha cambiado.

## Cabecera
nav-organisations = Organizaciones
nav-accounts = Cuentas

## Confirmación del correo electrónico
email-confirmed-title = Dirección confirmada
email-confirmed-text = Gracias. La dirección { $email } está confirmada: ya puede enviar prácticas.
email-link-invalid-title = Enlace no válido
email-link-invalid-text = Este enlace no se reconoce, ya se utilizó o ha caducado. Inicie sesión y pida uno nuevo en la página de su cuenta.
account-email-unconfirmed = Su dirección de correo electrónico aún no está confirmada. Siga el enlace que le enviamos para poder enviar prácticas.
account-resend-confirmation = Enviar un nuevo enlace de confirmación
account-done-confirmation-sent = Le hemos enviado un nuevo enlace de confirmación.
account-email-confirmed = confirmado
account-email-not-confirmed = aún sin confirmar

## Unirse a organizaciones
account-requested = Su solicitud se ha enviado a los gestores de la organización. Se le informará cuando decidan.
account-created-organisation = La organización se ha creado y usted la gestiona. Un editor debe confirmarla antes de que pueda ser responsable de prácticas publicadas.
account-organisation-events = Decisiones tomadas
account-manage-members = Gestionar miembros
member-role-member = Miembro
member-role-manager = Gestor
membership-pending = Pendiente de aprobación
membership-active = Miembro
membership-declined = Solicitud rechazada

## Invitaciones
invitation-title = Invitación
invitation-text = Ha recibido una invitación para unirse a la organización { $organisation } en el mHealth Hub.
invitation-role = Función
invitation-accept = Aceptar la invitación
invitation-closed = Esta invitación ya se utilizó o ha caducado. Pida una nueva a la organización.

## Miembros de una organización
members-title = Miembros de la organización { $organisation }
members-back = Volver a la organización
members-unconfirmed = Ningún editor ha confirmado aún esta organización: hasta entonces no puede ser responsable de prácticas publicadas.
members-invite-link = Enlace de invitación (también enviado por correo electrónico):
members-requests = Solicitudes para unirse
members-no-requests = No hay solicitudes pendientes.
members-approve = Aprobar a { $name }
members-decline = Rechazar a { $name }
person-name = Nombre
members-list = Miembros
members-role = Función
members-status = Estado
members-make-manager = Asignar la función de gestor a { $name }
members-make-member = Asignar la función de miembro a { $name }
members-leave = Salir de la organización
members-remove = Retirar a { $name }
members-remove-confirm = Dejará de actuar en nombre de la organización. Sus contribuciones anteriores se conservan.
members-remove-yes = Sí, retirar
members-invite = Invitar a alguien
members-invite-send = Enviar la invitación
members-invited = Se ha enviado una invitación a { $email }.
members-events = Historial
members-no-events = Todavía no ha ocurrido nada.
members-done-approve = La solicitud se ha aprobado.
members-done-decline = La solicitud se ha rechazado.
members-done-make-manager = El miembro ahora es gestor.
members-done-make-member = El gestor ahora es miembro.
members-done-remove = Se ha retirado al miembro.
org-event-created = { $actor } creó la organización.
org-event-requested = { $person } solicitó unirse.
org-event-approved = { $actor } aprobó la solicitud de { $person }.
org-event-declined = { $actor } rechazó la solicitud de { $person }.
org-event-invited = { $actor } invitó a { $detail }.
org-event-joined-by-invitation = { $person } se unió por invitación con la función { $detail }.
org-event-role-changed = { $actor } asignó a { $person } la función { $detail }.
org-event-removed = { $actor } retiró a { $person }.
org-event-left = { $person } dejó la organización.
org-event-confirmed = { $actor } confirmó la organización.
org-event-merged-away = { $actor } integró esta organización en { $detail }.
org-event-merged-in = { $actor } integró { $detail } en esta organización.

## Solicitudes de los responsables sobre prácticas publicadas
practice-propose-update = Proponer una actualización
propose-title = Proponer una actualización
propose-intro = Esta práctica está publicada. Sus cambios se envían a los editores como propuesta; la página pública no cambia hasta que la aprueben.
propose-minor = Es una corrección menor
propose-minor-help = Una errata, un enlace roto, un contacto nuevo: un editor puede aprobarla directamente.
propose-send = Enviar la propuesta
request-pending-notice = Una solicitud sobre esta práctica está pendiente de un editor:
request-kind-update = Actualización propuesta por { $author }
request-kind-archive = Archivo solicitado por { $author }
request-update = Actualización
request-archive = Archivo
request-kind = Solicitud
request-author = Solicitada por
request-created = Solicitada el
request-title-update = Actualización propuesta de «{ $title }»
request-title-archive = Solicitud de archivo de «{ $title }»
request-practice-link = Ver la práctica publicada
request-status-pending = Pendiente de un editor
request-status-approved = Aprobada
request-status-declined = Rechazada
request-status-withdrawn = Retirada
request-minor = corrección menor
request-note = Nota
request-decided = Decidida el
request-changes = Cambios
request-published = Publicado
request-proposed = Propuesto
request-decision = Decisión
request-approve = Aprobar
request-decline = Rechazar
request-reason = Motivo
request-reason-help = Obligatorio al rechazar y al aprobar una actualización que no sea una corrección menor. Se muestra a quien hizo la solicitud.
request-submit = Registrar la decisión
request-withdraw = Retirar la solicitud
queue-requests = Solicitudes de los responsables
notice-proposed = Su propuesta se ha enviado. La página publicada no cambia hasta que un editor la apruebe.
notice-archive-requested = Su solicitud de archivo se ha enviado a los editores.
notice-restored = La práctica se ha restaurado.
notice-update-approved = La actualización se ha aprobado y ya es pública.
notice-request-closed = La solicitud se ha cerrado.
workflow-restore = Restaurar
workflow-restore-help = Devuelve la práctica al estado que tenía antes de archivarse, incluida su publicación, sin una nueva revisión.
workflow-request-archive = Solicitar el archivo
workflow-request-archive-help = Un editor lo confirma antes de que la práctica se retire de las páginas públicas.
workflow-request-archive-confirm-title = ¿Solicitar el archivo de «{ $title }»?
workflow-request-archive-confirm-intro = Se pedirá a los editores que retiren la práctica de las páginas públicas. Seguirá siendo pública hasta que lo confirmen. Indique el motivo.
workflow-request-archive-confirm-submit = Sí, solicitar su archivo

## Editores: organizaciones
admin-organisations-title = Organizaciones
admin-organisations-unconfirmed = Pendientes de confirmación
admin-organisations-unconfirmed-help = Organizaciones creadas por usuarios del Hub. Antes de confirmar cada una, compruebe que existe realmente y que no está duplicada.
admin-organisations-none = No hay ninguna organización pendiente.
admin-organisations-members = miembros
admin-organisations-confirm = Confirmar { $name }
admin-organisations-confirmed = La organización se ha confirmado.
admin-organisations-merge = Fusionar duplicados
admin-organisations-merge-help = Las prácticas y los miembros de la primera organización pasan a la segunda; su dirección lleva después a la segunda. Esto no se puede deshacer desde aquí.
admin-organisations-from = Duplicado que se absorbe (su identificador en la dirección)
admin-organisations-into = Organización que se conserva (su identificador en la dirección)
admin-organisations-merge-sure = He comprobado que se trata de la misma organización
admin-organisations-merge-submit = Fusionar
admin-organisations-merged = Las organizaciones se han fusionado.

## Administradores: cuentas
admin-accounts-title = Cuentas
admin-accounts-search = Buscar por correo electrónico o nombre
admin-accounts-search-submit = Buscar
admin-accounts-count = { $count ->
    [one] { $count } cuenta
   *[other] { $count } cuentas
}
admin-accounts-unconfirmed = dirección sin confirmar
admin-accounts-role-of = Función de { $name }
admin-accounts-country-of = País de { $name } (puntos focales)
admin-accounts-no-country = Sin país
admin-accounts-set-role = Cambiar la función de { $name }
admin-accounts-active = Activa
admin-accounts-disabled = Desactivada
admin-accounts-disable = Desactivar la cuenta de { $name }
admin-accounts-disable-confirm = Se cierra la sesión de la cuenta en todas partes y sus tokens de API dejan de funcionar. No se borra nada de lo que escribió.
admin-accounts-disable-yes = Sí, desactivar
admin-accounts-enable = Reactivar la cuenta de { $name }
admin-accounts-done-role = La función se ha cambiado.
admin-accounts-done-disabled = La cuenta se ha desactivado.
admin-accounts-done-enabled = La cuenta se ha reactivado.

## Errores de campo y pasos rechazados
field-error-not_a_member = Solo los miembros de { $organisation } pueden indicarla como responsable. Pida unirse desde su cuenta o indíquela como socia.
field-error-unknown_organisation = Ninguna organización tiene este identificador.
field-error-same_organisation = Elija dos organizaciones distintas.
field-error-cannot_disable_self = No puede desactivar su propia cuenta.
field-error-cannot_demote_self = No puede quitarse la función de administrador.
transition-last-manager = Una organización debe conservar al menos un gestor. Asigne primero la función de gestor a otra persona.
transition-membership-not-pending = Ya se ha decidido sobre esta solicitud.
transition-invitation-used-or-expired = Esta invitación ya se utilizó o ha caducado.
transition-request-not-pending = Ya se ha decidido sobre esta solicitud o se ha retirado.
transition-practice-not-published = La práctica ya no está publicada, por lo que no se puede aplicar la solicitud.
transition-cannot-merge = Estas organizaciones no se pueden fusionar.
transition-practice-changed-since-proposal = La práctica ha cambiado desde que se propuso esta actualización. Pida a su autor que vuelva a revisarla y modifique la propuesta.
transition-only-archived-can-be-restored = Solo se pueden restaurar prácticas archivadas.
transition-only-published-take-update-requests = Solo las prácticas publicadas admiten propuestas de actualización; un borrador se edita directamente.
transition-only-published-take-archive-requests = Solo las prácticas publicadas admiten solicitudes de archivo.

# Recuperación tras un bloqueo: un enlace de acceso por correo
sign-in-unlock-link = ¿No puede iniciar sesión? Reciba un enlace de acceso por correo electrónico
unlock-title = Recibir un enlace de acceso
unlock-intro = Si se rechaza el inicio de sesión tras demasiados intentos, o no puede iniciar sesión por otro motivo, le enviamos por correo un enlace que inicia su sesión una vez. Es válido durante una hora.
unlock-submit = Enviarme un enlace
unlock-back = Volver a iniciar sesión
unlock-sent-title = Revise su correo
unlock-sent-text = Si una cuenta usa { $email }, le hemos enviado un enlace de acceso. Funciona una vez, durante una hora.
unlock-follow-title = Iniciar sesión con su enlace
unlock-follow-intro = Este enlace inicia su sesión una sola vez. Pulse el botón para continuar.
unlock-new-link = Pedir un enlace nuevo
unlock-invalid-title = Enlace no válido
unlock-invalid-text = Este enlace de acceso es desconocido, ya se usó o ha caducado. Puede pedir uno nuevo.
