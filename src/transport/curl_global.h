// libcurl's process-wide initialisation, done once before any handle exists.
#pragma once

namespace sa {

// Idempotent and thread-safe; throws sa::Error when libcurl cannot initialise.
void ensure_curl_initialised();

}  // namespace sa
