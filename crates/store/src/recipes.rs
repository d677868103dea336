//! Action recipes, supporters' action profiles, and "Je l'ai fait" records.
