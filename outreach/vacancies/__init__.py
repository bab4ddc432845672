"""Jobs and apprenticeships: providers post them (first post approved by an admin), applicants
find and apply for them, and the pay is checked against the legal minimum."""
