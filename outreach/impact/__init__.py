"""Impact dashboard: the funnel from careers page to hire, fairness monitoring and school evidence."""
