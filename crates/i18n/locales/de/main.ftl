hub-name = mHealth Hub
practice-count = { $count ->
    [one] { $count } Praxisbeispiel
   *[other] { $count } Praxisbeispiele
}
