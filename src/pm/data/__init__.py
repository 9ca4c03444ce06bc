"""Reading extracts: files to typed tables, with data-quality findings for bad records."""
