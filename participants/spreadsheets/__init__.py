"""Import and export of newcomers and buddies as CSV and Excel, in the columns coordinators use.

``reading`` turns an upload into rows of text once; ``columns`` knows the fields and how
coordinators head them; ``checking`` maps the file's columns, checks every row and imports all or
nothing; ``exporting`` writes the same columns back out.

django-import-export is not used: its Resources report errors per field name, import row by row
and have no notion of a coordinator mapping unknown columns; the rules here are the models' own
(``full_clean``) and the writes go through the same services as the forms.
"""
