//! Offers of skills ("J'en dis plus") and organisers' contacts relayed to them.
