//! Column adapters for rows read by name (`#[derive(sqlx::FromRow)]`). The `Any` driver decodes
//! only what both databases share (integers, reals, text), so a typed id that may be NULL and a
//! 0/1 flag are read through one of these, with `#[sqlx(try_from = "…")]` on the field.

use sqlx::any::{Any, AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Decode, Type};

/// A nullable id column: `#[sqlx(try_from = "NullableId")] host_id: Option<PersonId>`.
pub(crate) struct NullableId(Option<i64>);

impl<T: From<i64>> From<NullableId> for Option<T> {
    fn from(id: NullableId) -> Self {
        id.0.map(T::from)
    }
}

/// A 0/1 integer column (how both schemas store flags): `#[sqlx(try_from = "Flag")] x: bool`.
pub(crate) struct Flag(i64);

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0 != 0
    }
}

impl Type<Any> for NullableId {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for NullableId {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self(<Option<i64> as Decode<'r, Any>>::decode(value)?))
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self(<i64 as Decode<'r, Any>>::decode(value)?))
    }
}
