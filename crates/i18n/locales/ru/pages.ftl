## Страницы публичного сайта (crates/web/templates, crates/web/src/html).
site-tagline = Европейский справочный сайт практик мобильного и цифрового здравоохранения в борьбе с неинфекционными заболеваниями.
site-tagline-short = Практики цифрового здравоохранения для Европейского региона ВОЗ
nav-home = Главная
nav-submit = Поделиться практикой
nav-review = Рецензирование
nav-about = О проекте
nav-privacy = Политика конфиденциальности
nav-accessibility = Доступность
nav-api = API открытых данных
nav-footer = Об этом сайте
nav-account = Ваша учётная запись
nav-my-account = Моя учётная запись
nav-sign-in = Войти
nav-sign-up = Зарегистрироваться
nav-sign-out = Выйти
breadcrumb-label = Вы находитесь здесь
home-title = Главная
home-heading = Учиться на практиках цифрового здравоохранения по всей Европе
home-search-label = Найти практики
home-search-button = Найти
home-stats-label = Хаб в цифрах
home-stat-practices = { $count ->
    [one] опубликованная практика
    [few] опубликованные практики
    [many] опубликованных практик
   *[other] опубликованной практики
}
home-stat-countries = { $count ->
    [one] страна с практиками
    [few] страны с практиками
    [many] стран с практиками
   *[other] страны с практиками
}
home-stat-region = страны Европейского региона ВОЗ
home-map-heading = Практики по странам
home-all-countries = Все страны
home-share-heading = Расскажите, что сработало в вашей стране
home-share-text = Министерства, регионы, больницы, НКО и исследователи могут описать свою практику мобильного здравоохранения. Эксперты Хаба рецензируют её по опубликованным критериям, прежде чем она появится здесь.
practices-intro = Ищите среди прошедших рецензирование практик мобильного и цифрового здравоохранения на любом из пяти языков и уточняйте результаты фильтрами. Всё работает без JavaScript.
filter-heading = Фильтры
filter-any-country = Все страны
filter-stage = Этап внедрения
filter-evidence = Уровень доказательности
filter-sort = Сортировка
filter-clear = Сбросить все фильтры
practice-published-on = Опубликовано { $date }
practice-languages = Доступно на языках:
practice-edit = Редактировать
practice-history = История и изменения
practice-review = Рецензировать эту практику
field-org-owner = Ответственная организация
field-org-partners = Партнёры
field-org-funders = Спонсоры
field-reach-scope = Масштаб
field-evidence-note = О доказательствах
field-assessments = Оценки и знаки качества
field-cost-note = Затраты
field-funding-note = О финансировании
field-repository = Исходный код
field-contact = Контакт
field-updated = Последнее изменение
value-unknown = Не указано
scope-national = Национальный
scope-subnational = Субнациональный
map-title = Опубликованные практики в Европейском регионе ВОЗ
map-desc = { $count ->
    [one] { $count } опубликованная практика из { $countries } стран. Каждая страна ведёт на свою страницу.
    [few] { $count } опубликованные практики из { $countries } стран. Каждая страна ведёт на свою страницу.
    [many] { $count } опубликованных практик из { $countries } стран. Каждая страна ведёт на свою страницу.
   *[other] { $count } опубликованной практики из { $countries } стран. Каждая страна ведёт на свою страницу.
}
map-country-label = { $count ->
    [one] { $country }: { $count } опубликованная практика
    [few] { $country }: { $count } опубликованные практики
    [many] { $country }: { $count } опубликованных практик
   *[other] { $country }: { $count } опубликованной практики
}
map-legend = Число опубликованных практик
map-legend-none = нет
map-legend-many = 8 и более
chart-ncd = Практики по заболеваниям
chart-stage = Практики по этапам внедрения
chart-channel = Практики по каналам
chart-year = Практики по году начала
chart-col-practices = Практики
chart-col-year = Год начала
chart-show-table = Показать данные в виде таблицы
chart-empty = Данных пока нет.
chart-desc = { $count ->
    [one] { $title }: всего { $count } запись. Те же данные приведены в таблице ниже.
    [few] { $title }: всего { $count } записи. Те же данные приведены в таблице ниже.
    [many] { $title }: всего { $count } записей. Те же данные приведены в таблице ниже.
   *[other] { $title }: всего { $count } записи. Те же данные приведены в таблице ниже.
}
charts-region-heading = Практики региона
charts-country-heading = Практики вкратце
countries-intro = Хаб охватывает 53 государства — члена Европейского региона ВОЗ, включая Центральную Азию. Выберите страну на карте или в таблице.
country-practices = Практики этой страны
country-who-member = Государство — член Европейского региона ВОЗ
country-organisations = { $count ->
    [one] организация
    [few] организации
    [many] организаций
   *[other] организации
}
organisation-practices = Практики этой организации
form-email = Адрес электронной почты
form-password = Пароль
form-password-help = { $count ->
    [one] Не менее { $count } символа.
    [few] Не менее { $count } символов.
    [many] Не менее { $count } символов.
   *[other] Не менее { $count } символа.
}
form-display-name = Ваше имя
form-display-name-help = Показывается рядом с представленными вами практиками.
form-error-summary = Обнаружены ошибки
form-error-prefix = Ошибка:
form-required = обязательно
form-choose = Выберите…
form-not-stated = Не указано
form-cancel = Отмена
sign-up-title = Регистрация
sign-up-intro = С учётной записью вы можете делиться практиками своей организации и следить за их рецензированием.
sign-up-submit = Зарегистрироваться
sign-up-have-account = Уже есть учётная запись? Войдите
sign-in-title = Вход
sign-in-intro = Войдите, чтобы делиться практиками, рецензировать их или управлять учётной записью.
sign-in-submit = Войти
sign-in-no-account = Нет учётной записи? Зарегистрируйтесь
sign-in-rate-limited = Слишком много попыток. Подождите { $count ->
    [one] { $count } секунду
    [few] { $count } секунды
    [many] { $count } секунд
   *[other] { $count } секунды
} и попробуйте снова.
account-title = Моя учётная запись
account-me = Обо мне
account-role = Роль
account-organisations = Мои организации
account-no-organisations = Вы пока не состоите ни в одной организации.
account-organisation-name = Название организации
account-organisation-help = Подайте заявку на вступление в организацию, чтобы действовать от её имени: решение принимают её менеджеры. Если её ещё нет в Хабе, она будет создана, и вы станете её менеджером.
account-join = Вступить в организацию
account-joined = Вы вступили в организацию.
account-data = Мои данные
account-data-intro = Скачайте всё, что Хаб хранит о вас, или удалите учётную запись. Представленные практики останутся, но без вашего имени.
account-download = Скачать мои данные (JSON)
token-title = Токены API
token-intro = Личные токены позволяют программам пользоваться JSON API от вашего имени. Передавайте токен как «Authorization: Bearer …».
token-none = У вас нет токенов API.
token-name = Название токена
token-prefix = Начинается с
token-created-at = Создан
token-last-used = Последнее использование
token-never-used = никогда
token-actions = Действия
token-delete = Удалить токен { $name }
token-create = Создать токен
token-created = Новый токен показывается только один раз. Скопируйте его сейчас:
token-deleted = Токен удалён.
token-scopes = Что разрешено токену
token-scopes-help = Давайте токену только то, что нужно его программе. Ни один токен не может создавать токены или удалить вашу учётную запись.
token-scope-read = Читать практики, включая ваши черновики
token-scope-practices = Отправлять и редактировать практики
token-scope-curation = Рецензировать и курировать
token-scope-account = Управлять вашими организациями и токенами
erase-title = Удалить учётную запись
erase-intro = Ваша учётная запись, сеансы, токены и членство в организациях будут удалены. Представленные практики останутся, но без вашего имени. Это действие необратимо.
erase-confirm = Я понимаю, что моя учётная запись будет удалена навсегда.
erase-confirm-required = Отметьте флажок для подтверждения.
erase-submit = Удалить учётную запись
my-practices-title = Мои заявки
my-practices-none = Вы ещё не представили ни одной практики.
editor-new-title = Поделиться практикой
editor-edit-title = Редактирование практики
editor-intro = Поля с пометкой «обязательно» нужны для сохранения черновика. Остальное можно добавить позже; индикатор полноты показывает, чего не хватит читателям.
editor-view = Открыть страницу практики
form-section-describe = Описание практики
form-section-describe-help = Пишите на языке, которым владеете лучше всего. Переводы можно добавить позже.
form-section-where = Где и кто
form-section-where-help = Страна, регионы и организации, стоящие за практикой.
form-section-what = Направленность
form-section-what-help = На что направлена практика и как она достигает людей.
form-section-when = Этап, сроки и охват
form-section-when-help = Насколько продвинулась практика и скольким людям она служит.
form-section-evidence = Доказательства
form-section-evidence-help = Что известно о результатах практики.
form-section-funding = Финансирование, лицензия и стандарты
form-section-funding-help = Кто платит, можно ли её использовать повторно, каким стандартам она следует.
form-section-links = Ссылки
form-section-links-help = Сайты, отчёты и видео о практике.
form-section-save = Сохранение
form-original-language = Язык текста
form-title = Название
form-title-help = Краткое и ясное название, например «SMS-поддержка людей с диабетом 2 типа».
form-summary = Краткое описание
form-summary-help = Два-три предложения: что она делает, для кого и с каким результатом.
form-description = Описание
form-description-help = Полный рассказ. Можно использовать Markdown: **жирный**, списки через «-», ссылки вида [текст](https://…).
form-lessons-learned = Извлечённые уроки
form-transferability = Переносимость
form-transferability-help = Что нужно другой стране или региону, чтобы её перенять.
form-country = Страна
form-regions = Регионы
form-regions-help = Регионы внутри страны через запятую.
form-target-population = Целевая группа
form-ncd-focus = Заболевания
form-channels = Каналы
form-cdhi-v2 = Цифровые вмешательства в здравоохранении (CDHI v2 ВОЗ)
form-cdhi-v2-help = Удерживайте Ctrl (или Cmd), чтобы выбрать несколько.
form-application-types = Типы приложений
form-application-types-help = Удерживайте Ctrl (или Cmd), чтобы выбрать несколько.
form-health-system-challenges = Решаемые проблемы системы здравоохранения
form-health-system-challenges-help = Удерживайте Ctrl (или Cmd), чтобы выбрать несколько.
form-stage = Этап внедрения
form-lifecycle = Жизненный цикл
form-start-date = Начало
form-start-date-help = Год, год и месяц или полная дата: 2021, 2021-03 или 2021-03-15.
form-end-date = Окончание
form-end-date-help = Оставьте пустым, если практика продолжается.
form-reach-users = Охвачено пользователей
form-reach-users-help = Целое число, например 12000.
form-reach-professionals = Задействовано медицинских работников
form-reach-facilities = Задействовано учреждений
form-reach-scope = Масштаб
form-reach-note = Об охвате
form-evidence-level = Уровень доказательности
form-study-design = Дизайн исследования
form-outcomes = Измеренные результаты
form-outcomes-help = По одному в строке в виде «показатель: значение», например «HbA1c: −0,5 пункта».
form-publications = Публикации
form-publications-help = По одной в строке: библиографическая ссылка, затем веб-адрес, если он есть.
form-evidence-note = О доказательствах
form-government-investment = Государственные инвестиции
form-reimbursed = Оплачивается системой здравоохранения
form-open-source = Открытый исходный код
form-licence = Лицензия
form-repository = Репозиторий исходного кода
form-repository-help = Веб-адрес, начинающийся с https://.
form-interoperability = Стандарты совместимости
form-links = Ссылки
form-links-help = По одной в строке: веб-адрес, затем название.
form-note = Что вы изменили?
form-note-help = Необязательно; сохраняется в истории.
form-save-draft = Сохранить черновик
completeness-label = Полнота
completeness-missing = Ещё не заполнено:
completeness-help = Полную запись легче рецензировать, и она полезнее читателям.
completeness-title = название
completeness-summary = краткое описание
completeness-description = описание
completeness-country = страна
completeness-organisations = ответственная организация
completeness-ncd_focus = заболевания
completeness-cdhi = цифровые вмешательства
completeness-channels = каналы
completeness-target_population = целевая группа
completeness-stage = этап внедрения
completeness-start_date = дата начала
completeness-reach = охват
completeness-evidence-level = уровень доказательности
completeness-evidence-outcomes = результаты или публикации
completeness-funding = финансирование
completeness-licensing = лицензия
completeness-interoperability = стандарты совместимости
completeness-lessons_learned = извлечённые уроки
completeness-transferability = переносимость
completeness-links = ссылки
submit-for-review = Отправить на рецензирование
submit-help = Когда запись готова, отправьте её редакторам Хаба. Во время рецензирования изменить её нельзя.
notice-created = Черновик сохранён. Вы можете продолжить заполнение или отправить его на рецензирование.
notice-saved = Изменения сохранены.
notice-submitted = Практика отправлена на рецензирование.
notice-assigned = Рецензенты назначены, рецензирование началось.
notice-reviewed = Ваша рецензия сохранена.
notice-decided = Решение записано.
curation-heading = Рецензирование и история
assign-heading = Назначить рецензентов
assign-none = Учётных записей рецензентов пока нет.
assign-submit = Назначить и начать рецензирование
decision-heading = Решение
decision-publish-best = Опубликовать как лучшую практику
decision-publish-promising = Опубликовать как перспективную практику
decision-request-changes = Запросить изменения у автора
decision-reject = Отклонить
decision-reason = Обоснование
decision-reason-help = Обязательно при запросе изменений или отклонении; автор его увидит.
decision-submit = Записать решение
reviews-heading = Рецензии
reviews-scores = Оценки по критериям
review-anonymous = Рецензент
review-criterion = Критерий
review-score = Оценка
review-pass = Соответствует
review-fail = Не соответствует
review-title = Рецензия: { $title }
review-heading = Рецензирование по критериям
review-intro = Оцените практику по европейским критериям лучших практик. Все исключающие критерии должны быть выполнены; остальные оцениваются от 1 (слабо) до 5 (сильно).
review-group-exclusion = Исключающие критерии
review-group-exclusion-help = Практику, не выполнившую хотя бы один из них, нельзя рекомендовать.
review-group-core = Основные критерии
review-group-core-help = Оцениваются от 1 до 5.
review-group-qualifier = Квалифицирующие критерии
review-group-qualifier-help = Оцениваются от 1 до 5.
review-comment = Комментарий
review-score-required = Выберите оценку от 1 до 5.
review-recommendation = Ваша рекомендация
review-overall-comment = Общий комментарий
review-submit = Отправить рецензию
recommendation-best = Лучшая практика
recommendation-promising = Перспективная практика
recommendation-changes_requested = Нужны изменения
recommendation-reject = Отклонить
criterion-relevance = Актуальность
criterion-relevance-help = Отвечает ли практика на важную проблему общественного здравоохранения и политический приоритет?
criterion-intervention-characteristics = Характеристики вмешательства
criterion-intervention-characteristics-help = Чётко ли описаны цели, целевая группа, методы и ресурсы?
criterion-evidence-and-theory-based = Основанность на доказательствах и теории
criterion-evidence-and-theory-based-help = Опирается ли она на надёжные данные или признанную теорию?
criterion-ethical-aspects = Этические аспекты
criterion-ethical-aspects-help = Надлежащим ли образом учтены конфиденциальность, согласие и возможный вред?
criterion-effectiveness-and-efficiency = Результативность и эффективность
criterion-effectiveness-and-efficiency-help = Достигла ли она целей при разумных затратах?
criterion-equity = Справедливость
criterion-equity-help = Охватывает ли она уязвимые группы и сокращает ли неравенство в здоровье?
criterion-transferability = Переносимость
criterion-transferability-help = Может ли она работать в другом месте, и описано ли, что для этого нужно?
criterion-sustainability = Устойчивость
criterion-sustainability-help = Обеспечены ли её финансирование и закрепление в долгосрочной перспективе?
criterion-intersectoral-collaboration = Межсекторальное сотрудничество
criterion-intersectoral-collaboration-help = Привлекает ли она партнёров за пределами здравоохранения?
criterion-participation = Участие
criterion-participation-help = Участвовали ли люди, которым она служит, в её разработке и работе?
transitions-heading = История процесса
queue-title = Рецензирование
queue-mine = Назначенные мне
queue-waiting = Поданные и на рецензировании
queue-empty = Сейчас здесь ничего нет.
history-title = История: { $title }
history-heading = История и изменения
history-revisions = Все сохранённые версии записи
history-revision = Версия
history-revision-n = Версия { $count }
history-date = Дата
history-author = Автор
history-note = Примечание
history-changes-in = Изменения в версии { $count }
history-no-changes = В этой версии ни одно поле не изменилось.
history-field = Поле
history-before = Было
history-after = Стало
role-member = Участник
role-contributor = Автор материалов
role-reviewer = Рецензент
role-focal_point = Национальный координатор
role-editor = Редактор
role-admin = Администратор
field-error-stale_version = Кто-то другой сохранил эту запись после того, как вы её открыли. Скопируйте свои изменения, перезагрузите страницу и внесите их снова.
about-title = О mHealth Hub
about-h1 = Что такое Хаб
about-p1 = mHealth Hub — европейский справочный сайт об инновациях и знаниях в мобильном и цифровом здравоохранении. Он служит 53 государствам — членам Европейского региона ВОЗ и их регионам.
about-h2 = Что здесь можно найти
about-p2 = Практики, которые используют телефоны, приложения, SMS, носимые устройства и телемониторинг для профилактики и лечения неинфекционных заболеваний: диабета, сердечно-сосудистых и респираторных заболеваний, рака, психических расстройств, курения и для здорового старения.
about-h3 = Как рецензируются практики
about-p3 = Организации представляют свои практики. Рецензенты Хаба оценивают их по европейским критериям лучших практик; прошедшие оценку публикуются как лучшие или перспективные практики.
about-h4 = Открытые данные
about-p4 = Данные каждой страницы доступны через JSON API, описанный в OpenAPI, и могут быть выгружены целиком.
privacy-title = Политика конфиденциальности
privacy-h1 = Что мы собираем
privacy-p1 = Чтобы читать Хаб, учётная запись не нужна, и мы не используем отслеживающие файлы cookie. Мы храним только cookie с выбранным языком и, после входа, cookie сеанса.
privacy-h2 = Ваша учётная запись
privacy-p2 = Для учётной записи мы храним адрес электронной почты, имя, хеш пароля, ваши организации и токены API (только их хеши).
privacy-h3 = Ваши права
privacy-p3 = В любой момент вы можете скачать всё, что мы храним о вас, и удалить учётную запись в разделе «Моя учётная запись». Представленные практики остаются опубликованными без вашего имени.
privacy-h4 = Контакты в записях практик
privacy-p4 = Контактные лица практики видны только вошедшим пользователям.
privacy-h5 = Правовое основание
privacy-p5 = Мы обрабатываем ваши данные, чтобы предоставить запрошенную услугу (ст. 6(1)(b) GDPR), и храним неудачные попытки входа 15 минут для защиты учётных записей.
accessibility-title = Заявление о доступности
accessibility-h1 = Наши обязательства
accessibility-p1 = Мы хотим, чтобы mHealth Hub был удобен для всех. Сайт стремится соответствовать WCAG 2.1 уровня AA, как того требует Директива ЕС о доступности веб-сайтов.
accessibility-h2 = Как мы проверяем
accessibility-p2 = Каждый тип страниц автоматически проверяется на всех пяти языках, с JavaScript и без него, а также с клавиатуры. Карты и диаграммы сопровождаются таблицами с данными.
accessibility-h3 = Известные ограничения
accessibility-p3 = Тексты практик пишут их авторы, и на вашем языке их может ещё не быть; тогда страница сообщает об этом и показывает оригинал.
accessibility-h4 = Обратная связь
accessibility-p4 = Если чем-то трудно пользоваться, сообщите нам через координатора вашей организации или редакторов Хаба; мы ответим в течение 15 рабочих дней.
## Search on the practices page.
search-heading = Поиск практик
search-label = Слова для поиска
search-placeholder = например, диабет, телемониторинг, SMS
search-title = Поиск: { $query }
search-count = { $count ->
    [0] Нет практик по запросу «{ $query }»
    [one] По запросу «{ $query }» найдена { $count } практика
    [few] По запросу «{ $query }» найдено { $count } практики
   *[many] По запросу «{ $query }» найдено { $count } практик
}
search-selected = { $count ->
    [one] выбран { $count }
    [few] выбрано { $count }
   *[many] выбрано { $count }
}
sort-relevance = По релевантности
sort-newest = Сначала новые
filter-year = Год начала
filter-outcome = Итог рецензирования
search-snippet-language = Фрагмент на языке: { $language }.
search-relaxed = Ни одна практика не содержит всех ваших слов, поэтому показаны частичные совпадения.
search-unavailable = Поисковый индекс ещё создаётся. Пока он не готов, список не упорядочен по релевантности, а слова поиска, год начала и итог рецензирования не учитываются.
search-empty = Практики не найдены
search-empty-filters = Попробуйте убрать часть фильтров или использовать меньше слов.
search-empty-words = Попробуйте меньше слов, более общие слова или другой язык.
search-bad-query = Текст запроса слишком длинный: не более 1000 символов.
