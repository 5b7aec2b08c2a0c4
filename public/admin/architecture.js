// The architecture page: static pictures and text; only the navigation comes from the API.
import { start } from "./admin.js";

start(async () => {});
