#include "fuzz/targets.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "inbox/analysis.h"
#include "intake/reader.h"
#include "intake/validate.h"
#include "mail/header.h"
#include "text/utf8.h"
#include "transport/imap_response.h"

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
            case 0x301C:
                cp = 0xFF5E;
                break;
            case 0x2212:
                cp = 0xFF0D;
                break;
            case 0x2016:
                cp = 0x2225;
                break;
            case 0x00A2:
                cp = 0xFFE0;
                break;
            case 0x00A3:
                cp = 0xFFE1;
                break;
            case 0x00AC:
                cp = 0xFFE2;
                break;
            case 0x2014:
                cp = 0x2015;
                break;
            default:
                break;
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
    static const auto morphology = text::Morphology::load(text::Morphology::default_dictionary());
    require(morphology.is_ok());
    inbox::Analysis a =
        inbox::analyse(raw, {limits, {"noreply@sa-secretariat.example"}, *morphology});
    // What crosses from the worker to its parent comes back the same.
    auto back = inbox::decode(inbox::encode(a));
    require(back.is_ok() && inbox::to_json(*back) == inbox::to_json(a));
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
    const intake::ReaderOptions kinds[] = {
        {intake::Format::kCsv, intake::Encoding::kUtf8, 4096},
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

void imap(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    const std::size_t chunk = 1 + data[0] % 64;
    const std::string stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto read = [&](std::size_t step, bool& failed) {
        imap::ResponseReader reader(4096, 256);
        std::vector<imap::Response> out;
        failed = false;
        for (std::size_t at = 0; at < stream.size() && !failed; at += step) {
            reader.feed(stream.data() + at, std::min(step, stream.size() - at));
            for (;;) {
                auto r = reader.next();
                if (!r) {
                    failed = true;
                    break;
                }
                if (!*r) break;
                out.push_back(std::move(**r));
            }
        }
        return out;
    };
    bool whole_failed = false, chunked_failed = false;
    auto whole = read(stream.size() ? stream.size() : 1, whole_failed);
    auto chunked = read(chunk, chunked_failed);
    require(whole_failed == chunked_failed);
    require(whole.size() == chunked.size());
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        require(whole[i].text == chunked[i].text);
        require(whole[i].literals.size() == chunked[i].literals.size());
        for (std::size_t j = 0; j < whole[i].literals.size(); ++j) {
            require(whole[i].literals[j].bytes == chunked[i].literals[j].bytes);
            require(whole[i].literals[j].at <= whole[i].text.size());
            bytes += whole[i].literals[j].bytes.size();
        }
        bytes += whole[i].text.size();
    }
    require(bytes <= stream.size());
    for (const char* section : {"BODY[]<0>", "BODY[HEADER]<0>"}) {
        for (const auto& [uid, body] : imap::fetched_sections(whole, section))
            require(uid > 0 && body.size() <= stream.size());
    }
}

}  // namespace sa::fuzz
