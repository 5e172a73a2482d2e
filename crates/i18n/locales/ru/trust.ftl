# Доверие: отказы, членство по согласию, запросы владельцев, страницы редакторов и администраторов.

## Почему действие отклонено и что делать
refusal-email-unconfirmed = Сначала подтвердите адрес электронной почты: перейдите по ссылке, которую мы вам отправили. Новую ссылку можно запросить на странице учётной записи.
refusal-membership-pending = Ваша заявка на вступление в организацию { $organisation } ожидает одобрения. Попросите менеджера организации { $organisation } одобрить ваше членство.
refusal-not-owner = Это могут делать только владельцы этой практики и редакторы. Если вы работаете в организации, которой принадлежит практика, подайте заявку на вступление в неё на странице учётной записи.
refusal-published-needs-request = Эта практика опубликована. Предложите обновление или запросите её перенос в архив; редактор рассмотрит ваш запрос.
refusal-curators-only = Это могут делать только редакторы.
refusal-outside-country = Как национальный координатор вы курируете практики только своей страны.
refusal-admins-only = Это могут делать только администраторы.
refusal-not-assigned-reviewer = Это могут делать только рецензенты, назначенные на эту практику.
refusal-managers-only = Это могут делать только менеджеры этой организации и редакторы. Обратитесь к одному из её менеджеров.
refusal-contributors-only = Ваша учётная запись позволяет читать материалы, но не добавлять их. Попросите администратора изменить вашу роль.
refusal-account-disabled = Эта учётная запись отключена. Обратитесь к администраторам Хаба.
refusal-invitation-for-another-address = Это приглашение отправлено на другой адрес электронной почты. Войдите с этим адресом или попросите прислать приглашение на ваш адрес.
page-forbidden-text = Это действие вам не разрешено.
page-unauthenticated-text = Чтобы продолжить, войдите в систему.
page-conflict-text = В текущем состоянии записи это действие невозможно. Вернитесь назад, перезагрузите страницу и проверьте, что изменилось.

## Шапка сайта
nav-organisations = Организации
nav-accounts = Учётные записи

## Подтверждение адреса электронной почты
email-confirmed-title = Адрес подтверждён
email-confirmed-text = Спасибо. Адрес { $email } подтверждён: теперь вы можете представлять практики.
email-link-invalid-title = Ссылка недействительна
email-link-invalid-text = Эта ссылка неизвестна, уже использована или срок её действия истёк. Войдите и запросите новую на странице учётной записи.
account-email-unconfirmed = Ваш адрес электронной почты ещё не подтверждён. Чтобы представлять практики, перейдите по ссылке, которую мы вам отправили.
account-resend-confirmation = Отправить новую ссылку для подтверждения
account-done-confirmation-sent = Новая ссылка для подтверждения отправлена.
account-email-confirmed = подтверждён
account-email-not-confirmed = ещё не подтверждён

## Вступление в организации
account-requested = Ваша заявка отправлена менеджерам организации. Вам сообщат об их решении.
account-created-organisation = Организация создана, и вы её менеджер. Прежде чем она сможет владеть опубликованными практиками, её должен подтвердить редактор.
account-organisation-events = Принятые решения
account-manage-members = Управление участниками
member-role-member = Участник
member-role-manager = Менеджер
membership-pending = Ожидает одобрения
membership-active = Участник
membership-declined = Заявка отклонена

## Приглашения
invitation-title = Приглашение
invitation-text = Вас приглашают вступить в организацию { $organisation } в mHealth Hub.
invitation-role = Роль
invitation-accept = Принять приглашение
invitation-closed = Это приглашение уже использовано или срок его действия истёк. Попросите организацию прислать новое.

## Участники организации
members-title = Участники организации { $organisation }
members-back = Назад к организации
members-unconfirmed = Редакторы ещё не подтвердили эту организацию: до подтверждения она не может владеть опубликованными практиками.
members-invite-link = Ссылка-приглашение (также отправлена по электронной почте):
members-requests = Заявки на вступление
members-no-requests = Заявок нет.
members-approve = Одобрить заявку: { $name }
members-decline = Отклонить заявку: { $name }
person-name = Имя
members-list = Участники
members-role = Роль
members-status = Статус
members-make-manager = Сделать менеджером: { $name }
members-make-member = Сделать участником: { $name }
members-leave = Выйти из организации
members-remove = Исключить: { $name }
members-remove-confirm = Пользователь больше не будет действовать от имени организации. Его прежние материалы сохранятся.
members-remove-yes = Да, исключить
members-invite = Пригласить
members-invite-send = Отправить приглашение
members-invited = Приглашение отправлено на адрес { $email }.
members-events = История
members-no-events = Событий пока нет.
members-done-approve = Заявка одобрена.
members-done-decline = Заявка отклонена.
members-done-make-manager = Участнику присвоена роль менеджера.
members-done-make-member = Менеджер стал обычным участником.
members-done-remove = Участник исключён.
org-event-created = Пользователь { $actor } создал организацию.
org-event-requested = Пользователь { $person } подал заявку на вступление.
org-event-approved = Пользователь { $actor } одобрил заявку пользователя { $person }.
org-event-declined = Пользователь { $actor } отклонил заявку пользователя { $person }.
org-event-invited = Пользователь { $actor } пригласил { $detail }.
org-event-joined-by-invitation = Пользователь { $person } вступил по приглашению с ролью { $detail }.
org-event-role-changed = Пользователь { $actor } назначил пользователю { $person } роль { $detail }.
org-event-removed = Пользователь { $actor } исключил пользователя { $person }.
org-event-left = Пользователь { $person } вышел из организации.
org-event-confirmed = Пользователь { $actor } подтвердил организацию.
org-event-merged-away = Пользователь { $actor } присоединил эту организацию к { $detail }.
org-event-merged-in = Пользователь { $actor } присоединил { $detail } к этой организации.

## Запросы владельцев по опубликованным практикам
practice-propose-update = Предложить обновление
propose-title = Предложить обновление
propose-intro = Эта практика опубликована. Ваши изменения будут отправлены редакторам как предложение; публичная страница останется прежней, пока они его не одобрят.
propose-minor = Это небольшое исправление
propose-minor-help = Опечатка, неработающая ссылка, новый контакт: редактор может одобрить такое исправление сразу.
propose-send = Отправить предложение
request-pending-notice = Запрос по этой практике ожидает рассмотрения редактором:
request-kind-update = Предложение обновления; автор: { $author }
request-kind-archive = Запрос на перенос в архив; автор: { $author }
request-update = Обновление
request-archive = Перенос в архив
request-kind = Запрос
request-author = Автор запроса
request-created = Дата запроса
request-title-update = Предлагаемое обновление практики «{ $title }»
request-title-archive = Запрос на перенос практики «{ $title }» в архив
request-practice-link = Открыть опубликованную практику
request-status-pending = Ожидает редактора
request-status-approved = Одобрен
request-status-declined = Отклонён
request-status-withdrawn = Отозван
request-minor = небольшое исправление
request-note = Примечание
request-decided = Дата решения
request-changes = Изменения
request-published = Опубликовано
request-proposed = Предложено
request-decision = Решение
request-approve = Одобрить
request-decline = Отклонить
request-reason = Обоснование
request-reason-help = Обязательно при отклонении, а также при одобрении обновления, которое не является небольшим исправлением. Его увидит автор запроса.
request-submit = Записать решение
request-withdraw = Отозвать запрос
queue-requests = Запросы владельцев
notice-proposed = Ваше предложение отправлено. Опубликованная страница останется прежней, пока редактор его не одобрит.
notice-archive-requested = Ваш запрос на перенос в архив отправлен редакторам.
notice-restored = Практика восстановлена.
notice-update-approved = Обновление одобрено и опубликовано.
notice-request-closed = Запрос закрыт.
workflow-restore = Восстановить
workflow-restore-help = Возвращает практику в состояние, в котором она была до переноса в архив, включая публикацию, без повторного рецензирования.
workflow-request-archive = Запросить перенос в архив
workflow-request-archive-help = Прежде чем практика будет убрана с публичных страниц, это должен подтвердить редактор.
workflow-request-archive-confirm-title = Запросить перенос «{ $title }» в архив?
workflow-request-archive-confirm-intro = Редакторов попросят убрать практику с публичных страниц. До их подтверждения она остаётся опубликованной. Пожалуйста, укажите причину.
workflow-request-archive-confirm-submit = Да, запросить перенос в архив

## Редакторы: организации
admin-organisations-title = Организации
admin-organisations-unconfirmed = Ожидают подтверждения
admin-organisations-unconfirmed-help = Организации, созданные пользователями Хаба. Прежде чем подтвердить организацию, убедитесь, что она действительно существует и не является дубликатом.
admin-organisations-none = Организаций, ожидающих подтверждения, нет.
admin-organisations-members = участники
admin-organisations-confirm = Подтвердить организацию { $name }
admin-organisations-confirmed = Организация подтверждена.
admin-organisations-merge = Объединить дубликаты
admin-organisations-merge-help = Практики и участники первой организации переходят во вторую; её адрес после этого ведёт на вторую. Отменить это здесь нельзя.
admin-organisations-from = Дубликат, который будет присоединён (его идентификатор в адресе)
admin-organisations-into = Сохраняемая организация (её идентификатор в адресе)
admin-organisations-merge-sure = Проверено: это одна и та же организация
admin-organisations-merge-submit = Объединить
admin-organisations-merged = Организации объединены.

## Администраторы: учётные записи
admin-accounts-title = Учётные записи
admin-accounts-search = Поиск по адресу электронной почты или имени
admin-accounts-search-submit = Найти
admin-accounts-count = { $count ->
    [one] { $count } учётная запись
    [few] { $count } учётные записи
    [many] { $count } учётных записей
   *[other] { $count } учётной записи
}
admin-accounts-unconfirmed = адрес не подтверждён
admin-accounts-role-of = Роль пользователя { $name }
admin-accounts-country-of = Страна пользователя { $name } (для национальных координаторов)
admin-accounts-no-country = Страна не указана
admin-accounts-set-role = Изменить роль пользователя { $name }
admin-accounts-active = Активна
admin-accounts-disabled = Отключена
admin-accounts-disable = Отключить учётную запись пользователя { $name }
admin-accounts-disable-confirm = Все сеансы учётной записи будут завершены, а её токены API перестанут работать. Ничего из созданного ею не удаляется.
admin-accounts-disable-yes = Да, отключить
admin-accounts-enable = Включить учётную запись пользователя { $name }
admin-accounts-done-role = Роль изменена.
admin-accounts-done-disabled = Учётная запись отключена.
admin-accounts-done-enabled = Учётная запись включена.

## Ошибки в полях и отклонённые шаги
field-error-not_a_member = Указывать организацию { $organisation } как владельца могут только её участники. Подайте заявку на вступление в личном кабинете или укажите её как партнёра.
field-error-unknown_organisation = Организации с таким идентификатором нет.
field-error-same_organisation = Выберите две разные организации.
field-error-cannot_disable_self = Нельзя отключить собственную учётную запись.
field-error-cannot_demote_self = Нельзя лишить себя роли администратора.
transition-last-manager = У организации должен оставаться хотя бы один менеджер. Сначала назначьте менеджером кого-нибудь другого.
transition-membership-not-pending = По этой заявке уже принято решение.
transition-invitation-used-or-expired = Это приглашение уже использовано или срок его действия истёк.
transition-request-not-pending = По этому запросу уже принято решение, или он был отозван.
transition-practice-not-published = Практика больше не опубликована, поэтому запрос нельзя применить.
transition-cannot-merge = Эти организации нельзя объединить.
transition-practice-changed-since-proposal = Практика изменилась после этого предложения. Попросите автора ещё раз посмотреть практику и доработать предложение.
transition-only-archived-can-be-restored = Восстановить можно только архивные практики.
transition-only-published-take-update-requests = Предлагать обновления можно только для опубликованных практик; черновик редактируйте напрямую.
transition-only-published-take-archive-requests = Запросить перенос в архив можно только для опубликованных практик.

# Восстановление доступа: ссылка для входа по электронной почте
sign-in-unlock-link = Не удаётся войти? Получите ссылку для входа по электронной почте
unlock-title = Получить ссылку для входа
unlock-intro = Если вход отклонён после слишком многих попыток или вы не можете войти по другой причине, мы отправим вам по электронной почте ссылку, которая выполнит вход один раз. Она действует один час.
unlock-submit = Отправить ссылку
unlock-back = Вернуться ко входу
unlock-sent-title = Проверьте почту
unlock-sent-text = Если адрес { $email } принадлежит учётной записи, ссылка для входа уже отправлена. Она действует один раз в течение часа.
unlock-follow-title = Вход по ссылке
unlock-follow-intro = Эта ссылка выполняет вход один раз. Нажмите кнопку, чтобы продолжить.
unlock-new-link = Запросить новую ссылку
unlock-invalid-title = Ссылка недействительна
unlock-invalid-text = Эта ссылка для входа неизвестна, уже использована или устарела. Вы можете запросить новую.
