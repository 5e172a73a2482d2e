## Форма практики: переводы, повторяющиеся группы и кнопки процесса рассмотрения.

form-section-translations = Другие языки
form-section-translations-help = Те же тексты на других языках, чтобы их могли прочитать больше людей. Оригинал остаётся таким, как он написан выше.
form-translations = Переводы
form-translations-help = Чтобы удалить перевод, отметьте «Удалить этот перевод» или очистите все его поля.
form-translation-new = Добавить перевод
form-translation-language = Язык перевода
form-translation-language-help = Оставьте поля ниже пустыми, если сейчас не хотите добавлять перевод.
form-translation-remove = Удалить этот перевод
field-error-translation_exists = Текст на этом языке уже есть. Сначала измените или удалите его.

form-organisations = Организации
form-organisations-help = Ведущая организация, её партнёры и спонсоры. Пустые строки не учитываются.
form-organisation-row = Организация { $count }
form-organisation-name = Название организации
form-organisation-role = Роль
form-organisation-role-owner = Ведущая организация
form-organisation-role-partner = Партнёр
form-organisation-role-funder = Спонсор
form-organisation-country = Код страны
form-organisation-country-help = Две буквы, например DE. Оставьте пустым, если это страна самой практики.

form-section-contacts = Контакты
form-section-contacts-help = Люди, к которым читатели могут обратиться с вопросами о практике. Контакты видны только вошедшим пользователям.
form-contacts = Контактные лица
form-contacts-help = В строке должно быть хотя бы имя. Пустые строки не учитываются.
form-contact-row = Контакт { $count }
form-contact-name = Имя
form-contact-email = Адрес электронной почты
form-contact-role = Роль или должность

form-outcomes-group-help = Что измеряли и что получили. Пустые строки не учитываются.
form-outcome-row = Результат { $count }
form-outcome-measure = Показатель
form-outcome-value = Полученное значение
form-outcome-value-help = Например, «снижение HbA1c на 0,5 пункта за 12 месяцев».

form-publications-group-help = Исследования и отчёты о практике. Пустые строки не учитываются.
form-publication-row = Публикация { $count }
form-publication-citation = Библиографическая ссылка
form-publication-url = Веб-адрес
form-publication-doi = DOI
form-publication-doi-help = Например, 10.1000/xyz123.

form-assessments = Оценки и знаки качества
form-assessments-help = Оценки по методике, сертификаты, знаки качества. Пустые строки не учитываются.
form-assessment-row = Оценка { $count }
form-assessment-framework = Методика или знак качества
form-assessment-framework-help = Например, MAST или национальная сертификация медицинских приложений.
form-assessment-result = Итог
form-assessment-year = Год
form-assessment-url = Веб-адрес отчёта

form-links-group-help = Сайты, отчёты и видео. Пустые строки не учитываются.
form-link-row = Ссылка { $count }
form-link-url = Веб-адрес
form-link-title = Название
form-link-kind = Тип ссылки
form-link-kind-website = Сайт
form-link-kind-source = Источник сведений
form-link-kind-attachment = Документ
form-link-kind-video = Видео
form-link-kind-report = Отчёт

form-cdhi-v1 = Цифровые медицинские вмешательства (классификация ВОЗ CDHI, первое издание)
form-cdhi-v1-help = Только для записей, классифицированных по первому изданию. Удерживайте Ctrl (или Cmd), чтобы выбрать несколько.
form-cost-note = О расходах
form-funding-note = О финансировании

form-section-notes = Примечания
form-section-notes-help = Что остаётся неясным или ещё требует проверки.
form-notes = Примечания о неподтверждённых сведениях
form-notes-help = Например, цифра, которую не удалось подтвердить. Редакторы читают эти примечания.

workflow-start-review = Начать рецензирование
workflow-start-review-help = После этого назначенные рецензенты смогут оценить практику.
workflow-archive = В архив
workflow-archive-help = Убирает практику с публичных страниц. Позже редакторы смогут открыть её снова.
workflow-reopen = Вернуть в черновики
workflow-reopen-help = Возвращает практику в состояние черновика, чтобы её владельцы могли внести правки и снова отправить её.
workflow-archive-confirm-title = Отправить «{ $title }» в архив?
workflow-archive-confirm-intro = Практика больше не будет показываться на публичных страницах и находиться поиском. Её история сохранится, и редакторы смогут позже открыть её снова.
workflow-archive-confirm-submit = Да, отправить в архив
workflow-reason = Причина
workflow-reason-help = Обязательно; показывается в истории практики.
notice-archived = Практика отправлена в архив.
notice-reopened = Практика возвращена в черновики.
notice-review-started = Рецензирование началось.
