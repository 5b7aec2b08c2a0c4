// The LocalMariaDB module.
