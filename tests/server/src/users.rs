//! The seeded users. Fixed data: tests and demos can rely on every field.

/// One account that can log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// User id, the JWT `sub` and the profile `id`.
    pub id: &'static str,
    /// Login name.
    pub username: &'static str,
    /// Login password.
    pub password: &'static str,
    /// Display name, the JWT `name`.
    pub name: &'static str,
    /// User code, the JWT `code`.
    pub code: &'static str,
    /// Group code, the JWT `group`, checked against `auth.jwt.groups`.
    pub group: &'static str,
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
    username: "oversized-fault",
    password: "",
    name: "Oversized Fault",
    code: "FLT-000",
    group: "fault",
    email: "oversized-fault@example.com",
};

/// Every seeded user. `guest` is in a group outside the default allowed
/// groups, so `group-not-allowed` can be tested without a config file.
pub const USERS: [User; 4] = [
    User {
        id: "1",
        username: "admin",
        password: "secret",
        name: "Ada Admin",
        code: "ADM-001",
        group: "admin",
        email: "admin@example.com",
    },
    User {
        id: "2",
        username: "customer",
        password: "secret",
        name: "Carla Customer",
        code: "CUS-001",
        group: "customer",
        email: "customer@example.com",
    },
    User {
        id: "3",
        username: "supplier",
        password: "secret",
        name: "Simon Supplier",
        code: "SUP-001",
        group: "supplier",
        email: "supplier@example.com",
    },
    User {
        id: "4",
        username: "guest",
        password: "secret",
        name: "Gus Guest",
        code: "GST-001",
        group: "guest",
        email: "guest@example.com",
    },
];

/// The user with this login name.
pub fn by_username(username: &str) -> Option<&'static User> {
    USERS.iter().find(|user| user.username == username)
}

/// The user whose credentials match, if any.
pub fn authenticate(username: &str, password: &str) -> Option<&'static User> {
    by_username(username).filter(|user| user.password == password)
}
