#include "transport/curl_global.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>

#include "core/status.h"

namespace sa {

void ensure_curl_initialised() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] {
        result = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (result == CURLE_OK) std::atexit(curl_global_cleanup);
    });
    if (result != CURLE_OK) {
        throw Error(Status::Code::kInternal,
                    std::string("libcurl cannot initialise: ") + curl_easy_strerror(result));
    }
}

}  // namespace sa
