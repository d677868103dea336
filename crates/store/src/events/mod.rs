//! Events (watch parties, street actions, meetings…): proposal and approval, search near a
//! point, registrations with capacity and a waiting list, reminders.
