## El formulario de la práctica: traducciones, grupos repetidos y botones del proceso de revisión.

form-section-translations = Otros idiomas
form-section-translations-help = Los mismos textos en otros idiomas, para que los entiendan más lectores. El original se mantiene tal como está escrito arriba.
form-translations = Traducciones
form-translations-help = Para quitar una traducción, marque «Quitar esta traducción» o vacíe todos sus campos.
form-translation-new = Añadir una traducción
form-translation-language = Idioma de la traducción
form-translation-language-help = Deje vacíos los campos de abajo si no quiere añadir una ahora.
form-translation-remove = Quitar esta traducción
field-error-translation_exists = Ya hay un texto en este idioma. Modifíquelo o quítelo primero.

form-organisations = Organizaciones
form-organisations-help = La organización responsable, sus socios y sus financiadores. Las filas vacías no se tienen en cuenta.
form-organisation-row = Organización { $count }
form-organisation-name = Nombre de la organización
form-organisation-role = Función
form-organisation-role-owner = Organización responsable
form-organisation-role-partner = Socio
form-organisation-role-funder = Financiador
form-organisation-country = Código del país
form-organisation-country-help = Dos letras, por ejemplo DE. Déjelo vacío si es el país de la práctica.

form-section-contacts = Contactos
form-section-contacts-help = Personas a las que los lectores pueden consultar sobre la práctica. Solo las ven los usuarios que han iniciado sesión.
form-contacts = Personas de contacto
form-contacts-help = Cada fila necesita al menos un nombre. Las filas vacías no se tienen en cuenta.
form-contact-row = Contacto { $count }
form-contact-name = Nombre
form-contact-email = Correo electrónico
form-contact-role = Función o cargo

form-outcomes-group-help = Qué se midió y qué se obtuvo. Las filas vacías no se tienen en cuenta.
form-outcome-row = Resultado { $count }
form-outcome-measure = Indicador
form-outcome-value = Valor obtenido
form-outcome-value-help = Por ejemplo, «−0,5 puntos de HbA1c a los 12 meses».

form-publications-group-help = Estudios e informes sobre la práctica. Las filas vacías no se tienen en cuenta.
form-publication-row = Publicación { $count }
form-publication-citation = Referencia bibliográfica
form-publication-url = Dirección web
form-publication-doi = DOI
form-publication-doi-help = Por ejemplo, 10.1000/xyz123.

form-assessments = Evaluaciones y sellos de calidad
form-assessments-help = Evaluaciones según un marco de referencia, certificaciones, sellos. Las filas vacías no se tienen en cuenta.
form-assessment-row = Evaluación { $count }
form-assessment-framework = Marco o sello
form-assessment-framework-help = Por ejemplo, MAST o una certificación nacional de aplicaciones de salud.
form-assessment-result = Resultado
form-assessment-year = Año
form-assessment-url = Dirección web del informe

form-links-group-help = Sitios web, informes y vídeos. Las filas vacías no se tienen en cuenta.
form-link-row = Enlace { $count }
form-link-url = Dirección web
form-link-title = Título
form-link-kind = Tipo de enlace
form-link-kind-website = Sitio web
form-link-kind-source = Fuente de la información
form-link-kind-attachment = Documento
form-link-kind-video = Vídeo
form-link-kind-report = Informe

form-cdhi-v1 = Intervenciones de salud digital (CDHI de la OMS, primera edición)
form-cdhi-v1-help = Solo para fichas clasificadas con la primera edición. Mantenga pulsada la tecla Ctrl (o Cmd) para elegir varias.
form-cost-note = Sobre los costes
form-funding-note = Sobre la financiación

form-section-notes = Observaciones
form-section-notes-help = Lo que sigue siendo incierto o falta por comprobar.
form-notes = Observaciones sobre datos inciertos
form-notes-help = Por ejemplo, una cifra que no se ha podido confirmar. Los editores leen estas observaciones.

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
workflow-reason-help = Obligatorio; se muestra en el historial de la práctica.
notice-archived = La práctica se ha archivado.
notice-reopened = La práctica se ha reabierto como borrador.
notice-review-started = La revisión ha comenzado.
