hub-name = mHealth Hub
practice-count = { $count ->
    [one] { $count } pratique
   *[other] { $count } pratiques
}
