// The MicroHTTPD module.
