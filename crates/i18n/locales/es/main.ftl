hub-name = mHealth Hub
practice-count = { $count ->
    [one] { $count } práctica
   *[other] { $count } prácticas
}
