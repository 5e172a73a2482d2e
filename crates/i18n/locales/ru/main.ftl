hub-name = mHealth Hub
practice-count = { $count ->
    [one] { $count } практика
    [few] { $count } практики
   *[many] { $count } практик
}
