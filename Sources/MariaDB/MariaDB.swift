// The MariaDB module.
