#include "fuzz/targets.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "inbox/analysis.h"
#include "intake/reader.h"
#include "intake/validate.h"
#include "mail/header.h"
#include "text/utf8.h"

namespace sa::fuzz {
namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

std::string scratch_file() {
    static const std::string path = [] {
        const char* dir = std::getenv("TMPDIR");
        return std::string(dir && *dir ? dir : "/tmp") + "/sa-fuzz-" + std::to_string(::getpid());
    }();
    return path;
}

// The characters JIS X 0208 and CP932 map differently, in their CP932 form: decoding
// ISO-2022-JP goes through CP932, so 〜 comes back as ～.
std::string cp932_forms(const std::string& s) {
    std::string out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        char32_t cp;
        if (!utf8::next(s, pos, cp)) cp = utf8::kReplacement;
        switch (cp) {
            case 0x301C: cp = 0xFF5E; break;
            case 0x2212: cp = 0xFF0D; break;
            case 0x2016: cp = 0x2225; break;
            case 0x00A2: cp = 0xFFE0; break;
            case 0x00A3: cp = 0xFFE1; break;
            case 0x00AC: cp = 0xFFE2; break;
            case 0x2014: cp = 0x2015; break;
            default: break;
        }
        utf8::append(out, cp);
    }
    return out;
}

}  // namespace

void inbound(const std::uint8_t* data, std::size_t size) {
    std::string raw(reinterpret_cast<const char*>(data), size);
    inbox::MimeLimits limits;
    limits.max_message_bytes = 1 << 20;
    inbox::Analysis a = inbox::analyse(raw, limits, {"noreply@sa-secretariat.example"}, nullptr);
    std::string json = inbox::to_json(a);
    require(!json.empty() && json.front() == '{');
    require(utf8::is_valid(a.message.text));
}

void intake(const std::uint8_t* data, std::size_t size) {
    const std::string path = scratch_file();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    const intake::ReaderOptions kinds[] = {{intake::Format::kCsv, intake::Encoding::kUtf8, 4096},
                                           {intake::Format::kCsv, intake::Encoding::kCp932, 4096},
                                           {intake::Format::kJsonLines, intake::Encoding::kUtf8, 4096}};
    for (const auto& options : kinds) {
        auto reader = intake::open_reader(path, options);
        if (!reader) continue;
        intake::RawRecord record;
        for (int n = 0; n < 10000; ++n) {
            auto got = (*reader)->next(record);
            if (!got || !*got) break;
            intake::Validation v = intake::validate(record);
            require(v.ok() == v.application.has_value());
            require(record.raw.size() <= 4096);
        }
    }
    std::remove(path.c_str());
}

void header(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string decoded = mime::decode_header(text);
    require(utf8::is_valid(decoded));
    if (!utf8::is_valid(text) || text.find('\0') != std::string::npos) return;
    for (const char* charset : {"UTF-8", "ISO-2022-JP"}) {
        auto encoded = mime::encode_unstructured(text, charset, 7);
        if (!encoded) continue;  // ISO-2022-JP cannot hold everything
        if (encoded->find("=?") == std::string::npos) continue;  // plain text stays as it is
        require(cp932_forms(mime::decode_header(*encoded)) == cp932_forms(text));
    }
}

}  // namespace sa::fuzz
