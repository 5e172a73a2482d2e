## Проблемы (ошибки API): error-<code> — заголовок.
error-not_found = Не найдено
error-unauthenticated = Требуется вход
error-forbidden = Действие запрещено
error-validation_failed = Некоторые поля заполнены неверно
error-stale_version = Запись изменилась после того, как вы её прочитали
error-invalid_transition = Этот шаг процесса сейчас невозможен
error-conflict = Уже существует
error-rate_limited = Слишком много попыток
error-bad_credentials = Неверный адрес электронной почты или пароль
error-internal = На нашей стороне произошла ошибка
error-malformed_json = Тело запроса не является корректным JSON
error-invalid_body = Тело запроса имеет неожиданную структуру
error-unsupported_media_type = Неподдерживаемый тип содержимого; отправьте application/json
error-invalid_query = Недопустимый параметр запроса
error-invalid_path = Недопустимый адрес
error-invalid_header = Недопустимый заголовок запроса
error-body_too_large = Тело запроса слишком велико
error-precondition_required = Требуется заголовок If-Match
error-csrf_failed = Токен безопасности отсутствует или неверен
error-method_not_allowed = Метод не разрешён
error-bad_request = Неверный запрос
error-timeout = Запрос выполнялся слишком долго
error-service_unavailable = Сервис временно недоступен

## Сообщения полей: field-error-<code>.
field-error-required = Обязательное поле.
field-error-too_long = Слишком длинно: не более { $max } символов.
field-error-too_short = Слишком коротко: не менее { $min } символов.
field-error-too_many = Слишком много элементов: не более { $max }.
field-error-unknown_code = Неизвестный код «{ $code }».
field-error-unknown_country = Не входит в 53 страны Европейского региона ВОЗ.
field-error-duplicate = Указано более одного раза.
field-error-invalid_date = Недопустимая дата (ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД).
field-error-before_start = Окончание раньше начала.
field-error-invalid_email = Недопустимый адрес электронной почты.
field-error-invalid_language = Недопустимый код языка.
field-error-invalid_url = Недопустимый веб-адрес (http или https).
field-error-control_characters = Содержит управляющие символы.
field-error-out_of_range = Должно быть от { $min } до { $max }.
field-error-pass_fail_required = Укажите: соответствует или не соответствует.
field-error-excluded_by_criteria = Практику, не прошедшую исключающий критерий, нельзя рекомендовать.
field-error-not_a_reviewer = Эта учётная запись не может рецензировать.
field-error-invalid_slug = Недопустимый идентификатор адреса.
field-error-only_when_published = Итог есть только у опубликованных практик.
field-error-already_exists = Это значение уже занято.
field-error-must_be_true = Для подтверждения должно быть true.
field-error-unknown_field = Неизвестное поле.
field-error-missing_field = Отсутствует поле.
field-error-invalid_type = Неверный тип значения.
field-error-unknown_variant = Недопустимое значение.
field-error-unknown_parameter = Неизвестный параметр.
field-error-repeated_parameter = Укажите этот параметр только один раз.
field-error-not_an_integer = Должно быть целым числом.

## Почему шаг процесса отклонён.
transition-no-reviewers-assigned = Назначьте рецензентов, прежде чем начинать рецензирование.
transition-no-review-submitted = Перед этим решением нужна хотя бы одна рецензия.
transition-only-submitted-can-enter-review = На рецензирование может поступить только поданная практика.
transition-decision-needs-in-review = Решения принимаются по практикам на рецензировании.
transition-only-draft-or-changes-requested-can-be-submitted = Подать можно только черновик или практику, по которой запрошены изменения.
transition-only-published-or-rejected-can-be-archived = В архив можно перенести только опубликованные или отклонённые практики.
transition-only-archived-or-rejected-can-be-reopened = Вновь открыть можно только архивные или отклонённые практики.

## Сайт
skip-to-content = Перейти к содержанию
nav-label = Основная навигация
nav-practices = Практики
nav-countries = Страны
nav-languages = Язык
footer-text = mHealth Hub: практики цифрового здравоохранения против неинфекционных заболеваний в Европейском регионе ВОЗ.
home-intro = mHealth Hub собирает практики мобильного и цифрового здравоохранения, которые помогают предупреждать неинфекционные заболевания и бороться с ними в 53 странах Европейского региона ВОЗ; практики рецензируются по критериям ЕС для лучших практик.
home-published-count = { $count ->
    [one] { $count } опубликованная практика
    [few] { $count } опубликованные практики
   *[many] { $count } опубликованных практик
}
home-country-count = { $count ->
    [one] из { $count } страны
    [few] из { $count } стран
   *[many] из { $count } стран
}
home-browse = Смотреть практики
home-newest = Недавно обновлённые
no-practices = Практик пока нет.
list-original-language = Показано на языке оригинала: { $language }.
practices-title = Практики
filter-country = Страна
filter-ncd = Заболевание
filter-channel = Канал
filter-page = Страница
filter-limit = На странице
filter-any = Любой
filter-apply = Применить
pagination-label = Страницы
pagination-previous = Предыдущая страница
pagination-next = Следующая страница
page-of = Страница { $page } из { $pages }
text-fallback-note = Этот текст недоступен на вашем языке; он показан на языке оригинала ({ $language }).
group-overview = Обзор
group-focus = Направленность
group-reach = Охват
group-evidence = Доказательная база
group-funding = Финансирование и технологии
group-contacts = Контакты
field-description = Описание
field-links = Ссылки
field-country = Страна
field-regions = Регионы
field-organisations = Организации
field-status = Статус
field-stage = Этап внедрения
field-lifecycle = Жизненный цикл
field-start-date = Начало
field-end-date = Окончание
field-target-population = Целевая группа
field-ncd-focus = Заболевания
field-channels = Каналы
field-cdhi-v1 = Цифровые медицинские вмешательства (CDHI v1)
field-cdhi-v2 = Цифровые медицинские вмешательства (CDHI v2)
field-challenges = Проблемы системы здравоохранения
field-application-types = Типы приложений
field-reach-users = Пользователи
field-reach-professionals = Медицинские работники
field-reach-facilities = Учреждения
field-reach-note = Об охвате
field-evidence-level = Уровень доказательности
field-study-design = Дизайн исследования
field-outcomes = Измеренные результаты
field-publications = Публикации
field-government-investment = Государственные инвестиции
field-reimbursed = Возмещается
field-open-source = Открытый исходный код
field-licence = Лицензия
field-interoperability = Стандарты совместимости
field-contacts = Контакты
field-lessons-learned = Извлечённые уроки
field-transferability = Переносимость
value-yes = Да
value-no = Нет
status-draft = Черновик
status-submitted = Подана
status-in_review = На рецензировании
status-published = Опубликована
status-changes_requested = Запрошены изменения
status-rejected = Отклонена
status-archived = В архиве
outcome-best = Лучшая практика
outcome-promising = Перспективная практика
language-en = английский
language-fr = французский
language-de = немецкий
language-ru = русский
language-es = испанский
countries-title = Страны
countries-caption = 53 страны Европейского региона ВОЗ и их опубликованные практики
countries-col-country = Страна
countries-col-eu = Член ЕС
countries-col-practices = Опубликованные практики
country-eu-member = Член Европейского союза
country-all-practices = Все практики этой страны
back-home = На главную страницу
page-not-found-text = По этому адресу страницы нет.
page-error-text = Не удалось показать страницу. Пожалуйста, повторите попытку позже.

# Поиск (issue #3)
error-query_too_long = Текст запроса слишком длинный
error-unknown_facet = Неизвестный фасет
error-too_many_filters = Слишком много значений фильтров
error-out_of_range = Значение вне допустимого диапазона
error-search_unavailable = Поиск готовится; повторите попытку через минуту
field-error-query_too_long = Слишком длинно: не более { $max } символов.
field-error-unknown_facet = Такого фасета в поиске нет.
field-error-too_many_filters = Слишком много значений: не более { $max }.
field-error-too_many_values = Слишком много значений: не более { $max }.
field-error-not_searchable = Недоступно вместе с поиском.
field-error-invalid_year = Должен быть год, например 2021.
field-error-not_a_boolean = Должно быть true или false.
