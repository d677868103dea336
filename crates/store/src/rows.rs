//! Rows are read into `#[derive(sqlx::FromRow)]` structs by column name, so that a column
//! added to, dropped from or renamed in a SELECT fails loudly instead of shifting values.
//! These are the conversions our column conventions need that the `Any` driver lacks:
//! flags are 0/1 integers (it decodes a bool only from a boolean column), and a nullable id
//! becomes an `Option` of a typed id.
//!
//! ```ignore
//! #[derive(sqlx::FromRow)]
//! struct Row {
//!     #[sqlx(try_from = "i64")]
//!     id: PersonId,
//!     #[sqlx(try_from = "crate::rows::Flag")]
//!     is_staff: bool,
//!     #[sqlx(try_from = "crate::rows::NullableId")]
//!     referrer_id: Option<PersonId>,
//! }
//! ```

use sqlx::any::AnyTypeInfo;
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

/// A 0/1 integer column, read as a bool.
pub struct Flag(bool);

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: <Any as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self(<i64 as Decode<Any>>::decode(value)? != 0))
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

/// A nullable id column, read as an `Option` of a typed id (`PersonId`, `GroupId`…).
pub struct NullableId(Option<i64>);

impl Type<Any> for NullableId {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for NullableId {
    fn decode(value: <Any as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self(<Option<i64> as Decode<Any>>::decode(value)?))
    }
}

impl<T: From<i64>> From<NullableId> for Option<T> {
    fn from(id: NullableId) -> Self {
        id.0.map(T::from)
    }
}
