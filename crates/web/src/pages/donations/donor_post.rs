//! The donor's part of a posted gift form, the same on the public form and on staff's cheque and
//! cash entry: every field a string as typed, boxes "1" when ticked.

use essaim_domain::donations::DonorForm;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DonorPost {
    pub civility: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address_line1: String,
    pub address_line2: String,
    pub postal_code: String,
    pub commune: String,
    pub country: String,
    pub nationality: String,
    pub fiscal_resident: String,
    pub sworn: String,
}

impl DonorPost {
    pub fn form(&self) -> DonorForm {
        DonorForm {
            civility: self.civility.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            postal_code: self.postal_code.clone(),
            commune: self.commune.clone(),
            country: self.country.clone(),
            nationality: self.nationality.clone(),
            fiscal_resident: !self.fiscal_resident.is_empty(),
            sworn: !self.sworn.is_empty(),
        }
    }
}
