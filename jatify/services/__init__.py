"""Domain operations behind the API routes: the business rules, committed in one place."""
