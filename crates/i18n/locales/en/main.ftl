hub-name = mHealth Hub
practice-count = { $count ->
    [one] { $count } practice
   *[other] { $count } practices
}
