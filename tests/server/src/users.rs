//! The seeded users. Fixed data: tests and demos can rely on every field.

/// One account that can log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// User id, the JWT `sub` and the profile `id`.
    pub id: &'static str,
    /// The user's UUID, the netuno dialect's `_user_uid` claim.
    pub uid: &'static str,
    /// Login name.
    pub username: &'static str,
    /// Login password.
    pub password: &'static str,
    /// Display name, the JWT `name`.
    pub name: &'static str,
    /// User code, the JWT `code`.
    pub code: &'static str,
    /// Group code, the JWT `group` (netuno: `_group_code`), checked against
    /// `auth.jwt.groups` by the oauth and tutorial dialects.
    pub group: &'static str,
    /// The group's UUID, the netuno dialect's `_group_uid` claim.
    pub group_uid: &'static str,
    /// The group's display name, the netuno dialect's `_group_name` claim.
    pub group_name: &'static str,
    /// Whether the group administers the app (netuno `_admin`).
    pub admin: bool,
    /// Whether the group develops the app (netuno `_dev`).
    pub dev: bool,
    /// E-mail address, in the tutorial dialect's sign-in answer.
    pub email: &'static str,
}

impl User {
    /// The tutorial dialect's `roles`: `ROLE_` and the group in capitals.
    pub fn roles(&self) -> Vec<String> {
        vec![format!("ROLE_{}", self.group.to_ascii_uppercase())]
    }
}

/// The identity in the unlisted access token of an `oversized` fault answer:
/// no seeded user, so nobody can mistake it for a real session.
pub const FAULT_USER: User = User {
    id: "0",
    uid: "00000000-0000-4000-8000-000000000000",
    username: "oversized-fault",
    password: "",
    name: "Oversized Fault",
    code: "FLT-000",
    group: "fault",
    group_uid: "00000000-0000-4000-8000-0000000000f0",
    group_name: "Fault",
    admin: false,
    dev: false,
    email: "oversized-fault@example.com",
};

/// Every seeded user. `guest` is in a group outside the default allowed
/// groups, so `group-not-allowed` can be tested without a config file (in
/// the oauth and tutorial dialects: the netuno one does not check groups).
pub const USERS: [User; 4] = [
    User {
        id: "1",
        uid: "6f1c2a4e-0b1d-4c2e-9a51-3d7e8f1a0001",
        username: "admin",
        password: "secret",
        name: "Ada Admin",
        code: "ADM-001",
        group: "admin",
        group_uid: "1b9e7d3c-5a2f-4e61-8c0d-9f4a2b6e0a01",
        group_name: "Administrators",
        admin: true,
        dev: false,
        email: "admin@example.com",
    },
    User {
        id: "2",
        uid: "6f1c2a4e-0b1d-4c2e-9a51-3d7e8f1a0002",
        username: "customer",
        password: "secret",
        name: "Carla Customer",
        code: "CUS-001",
        group: "customer",
        group_uid: "1b9e7d3c-5a2f-4e61-8c0d-9f4a2b6e0a02",
        group_name: "Customers",
        admin: false,
        dev: false,
        email: "customer@example.com",
    },
    User {
        id: "3",
        uid: "6f1c2a4e-0b1d-4c2e-9a51-3d7e8f1a0003",
        username: "supplier",
        password: "secret",
        name: "Simon Supplier",
        code: "SUP-001",
        group: "supplier",
        group_uid: "1b9e7d3c-5a2f-4e61-8c0d-9f4a2b6e0a03",
        group_name: "Suppliers",
        admin: false,
        dev: false,
        email: "supplier@example.com",
    },
    User {
        id: "4",
        uid: "6f1c2a4e-0b1d-4c2e-9a51-3d7e8f1a0004",
        username: "guest",
        password: "secret",
        name: "Gus Guest",
        code: "GST-001",
        group: "guest",
        group_uid: "1b9e7d3c-5a2f-4e61-8c0d-9f4a2b6e0a04",
        group_name: "Guests",
        admin: false,
        dev: false,
        email: "guest@example.com",
    },
];

/// The user with this id (the JWT `sub`).
pub fn by_id(id: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.id == id)
}

/// The user with this login name.
pub fn by_username(username: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.username == username)
}

/// The user whose credentials match, if any.
pub fn authenticate(username: &str, password: &str) -> Option<&'static User> {
    by_username(username).filter(|user| user.password == password)
}
