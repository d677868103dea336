//! Groupes d'appui: creating them, finding them near a point, membership, splits, and
//! animators writing to their members.

mod create;
mod membership;
mod messages;
mod near;
mod read;
mod split;

pub use create::NewGroup;
pub use essaim_domain::groups::{SplitPlace, SplitProposal, SplitRefusal};
pub(crate) use membership::settle_after_departure;
pub use membership::{JoinOutcome, JoinRequest, Role};
pub use near::{NearbyGroup, NEAR_PAGE_SIZE};
pub use read::{Group, Member, MyGroup};
pub use split::SplitConfirmation;

/// Columns of `support_groups` read into a `Group` (by these names), with the member count.
pub(crate) const GROUP_COLUMNS: &str =
    "g.id, g.name, g.description, g.address, g.postal_code, g.commune, \
     g.departement, g.lat, g.lon, g.frequency, g.public_contact, g.created_at, \
     CASE WHEN g.closed_at IS NULL THEN 0 ELSE 1 END AS closed, \
     (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS members, \
     (SELECT COUNT(*) FROM group_splits s WHERE s.group_id = g.id) AS splitting";
