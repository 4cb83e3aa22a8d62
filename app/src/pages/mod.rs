pub mod account;
pub mod coordination;
pub mod directory;
pub mod home;
pub mod legal;
pub mod not_found;
pub mod upcoming;
pub mod structures;
