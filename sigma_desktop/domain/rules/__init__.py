"""The rule book: every rule of planning, registration, review (validation and papelera), month closing and
assignments, written once as pure functions.

A rule takes a command (what someone asks) and the facts it needs (a snapshot: `facts`), and answers the
write to make, `Unchanged`, or `Refused` with a Spanish message per field (`verdict`). Field labels, limits
and their messages live in `limits`. Nothing here reads a database or knows Qt:

- the services load the facts of one record, call the rule and apply its write in one transaction;
- the spreadsheet import loads the facts of a whole file once and calls the same rules row by row;
- the forms call the same field checks (`*_fields`) for the messages they show under each field.

Modules: `planning`, `registration`, `review`, `closing`, `assignment`; `common` holds the checks they share
(dates inside the planned month, closed months, ownership).
"""
