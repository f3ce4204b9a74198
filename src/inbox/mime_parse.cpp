#include "inbox/mime_parse.h"

#include <mimetic/mimetic.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>

#include "mail/header.h"
#include "text/charset.h"
#include "text/normalize.h"

#if defined(__SANITIZE_ADDRESS__)
#define SA_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SA_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef SA_ADDRESS_SANITIZER
#define SA_ADDRESS_SANITIZER 0
#endif

namespace sa::inbox {
namespace {

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto hex = [](char c) {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The raw value of the first field called `name` in an entity's header.
std::string field(const mimetic::MimeEntity& e, const char* name) {
    for (const mimetic::Field& f : e.header()) {
        if (text::lower_ascii(std::string(f.name())) == name) return f.value();
    }
    return "";
}

// Base64 holds only its alphabet and line breaks; a "base64" part with many other bytes is
// plain text under a wrong label, and decoding it would destroy it.
bool looks_like_base64(const std::string& body) {
    std::size_t other = 0;
    for (unsigned char c : body) {
        bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' || c == '\r' ||
                        c == '\n' || c == ' ' || c == '\t';
        if (!alphabet) ++other;
    }
    return other * 20 <= body.size();  // up to 5 % stray bytes are damage, not text
}

std::string transfer_decode(const std::string& body, const std::string& encoding) {
    std::string enc = text::lower_ascii(trim(encoding));
    std::string out;
    if (enc == "base64" && !looks_like_base64(body)) return body;  // mislabelled plain text
    if (enc == "base64") {
        mimetic::Base64::Decoder b64;
        mimetic::decode(body.begin(), body.end(), b64, std::back_inserter(out));
        return out;
    }
    if (enc == "quoted-printable") {
        mimetic::QP::Decoder qp;
        mimetic::decode(body.begin(), body.end(), qp, std::back_inserter(out));
        return out;
    }
    return body;
}

void walk(const mimetic::MimeEntity& e, int depth, const std::string& report_type,
          const MimeLimits& limits, ParsedMime& out) {
    if (out.leaves.size() >= limits.max_parts) {
        out.truncated = true;
        return;
    }
    std::string content_type = field(e, "content-type");
    std::string type = text::lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
    const auto& parts = e.body().parts();
    if (type.rfind("multipart/", 0) == 0 && !parts.empty() &&
        depth < static_cast<int>(limits.max_depth)) {
        std::string report = type == "multipart/report"
                                 ? text::lower_ascii(header_parameter(content_type, "report-type"))
                                 : report_type;
        for (const mimetic::MimeEntity* child : parts) {
            if (child) walk(*child, depth + 1, report, limits, out);
        }
        return;
    }
    MimeLeaf leaf;
    leaf.type = type;
    leaf.charset = header_parameter(content_type, "charset");
    std::string disposition = field(e, "content-disposition");
    leaf.disposition = text::lower_ascii(trim(disposition.substr(0, disposition.find(';'))));
    leaf.filename = mime::decode_header(header_parameter(disposition, "filename"));
    if (leaf.filename.empty())
        leaf.filename = mime::decode_header(header_parameter(content_type, "name"));
    leaf.report_type = report_type;
    leaf.depth = depth;
    leaf.body = transfer_decode(e.body(), field(e, "content-transfer-encoding"));
    if (type.rfind("multipart/", 0) == 0 && parts.empty()) {
        // No part matched the boundary: mimetic keeps the text as preamble and epilogue.
        leaf.body = e.body().preamble() + leaf.body + e.body().epilogue();
    }
    out.leaves.push_back(std::move(leaf));
}

void put(std::string& out, const std::string& s) {
    std::uint32_t n = static_cast<std::uint32_t>(s.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += s;
}

bool take(const std::string& in, std::size_t& pos, std::string& s) {
    std::uint32_t n = 0;
    if (pos + sizeof n > in.size()) return false;
    std::memcpy(&n, in.data() + pos, sizeof n);
    pos += sizeof n;
    if (pos + n > in.size()) return false;
    s = in.substr(pos, n);
    pos += n;
    return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> split_header(const std::string& raw) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t eol = raw.find('\n', pos);
        std::string line =
            raw.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        pos = eol == std::string::npos ? raw.size() : eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;
        if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
            fields.back().second += line;  // unfold: the line break goes, the white space stays
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) continue;  // not a field; skip it
        fields.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    return fields;
}

std::string header_parameter(const std::string& value, const std::string& name) {
    // Walk "; key=value" pairs, honouring quoted strings.
    std::string wanted = text::lower_ascii(name);
    std::string plain;
    std::vector<std::pair<int, std::string>> pieces;  // RFC 2231 continuations
    bool extended = false;
    std::size_t pos = value.find(';');
    while (pos != std::string::npos && pos < value.size()) {
        ++pos;
        while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
        std::size_t eq = value.find('=', pos);
        if (eq == std::string::npos) break;
        std::string key = text::lower_ascii(trim(value.substr(pos, eq - pos)));
        pos = eq + 1;
        while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
        std::string v;
        if (pos < value.size() && value[pos] == '"') {
            ++pos;
            while (pos < value.size() && value[pos] != '"') {
                if (value[pos] == '\\' && pos + 1 < value.size()) ++pos;
                v += value[pos++];
            }
            pos = value.find(';', pos);
        } else {
            std::size_t end = value.find(';', pos);
            v = trim(value.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
            pos = end;
        }
        if (key == wanted) {
            plain = v;
        } else if (key.rfind(wanted + "*", 0) == 0) {
            // name* (one extended value), name*N (a plain piece), name*N* (an extended piece)
            std::string rest = key.substr(wanted.size() + 1);
            bool star = rest.empty() || rest.back() == '*';
            if (!rest.empty() && rest.back() == '*') rest.pop_back();
            int index = 0;
            if (!rest.empty()) {
                if (rest.size() > 3 || rest.find_first_not_of("0123456789") != std::string::npos)
                    continue;
                index = std::stoi(rest);
            }
            if (star) extended = true;
            pieces.emplace_back(index, v);
        }
    }
    if (pieces.empty()) return plain;
    std::sort(pieces.begin(), pieces.end());
    std::string joined;
    for (const auto& p : pieces) joined += p.second;
    if (!extended) return joined;
    // charset'language'percent-encoded-value
    std::size_t q1 = joined.find('\''),
                q2 = q1 == std::string::npos ? q1 : joined.find('\'', q1 + 1);
    if (q2 == std::string::npos) return percent_decode(joined);
    return charset::to_utf8_lenient(percent_decode(joined.substr(q2 + 1)), joined.substr(0, q1));
}

Result<std::string> check_limits(const std::string& raw, const MimeLimits& limits) {
    if (raw.size() > limits.max_message_bytes) {
        return Status::invalid("larger than " + std::to_string(limits.max_message_bytes) +
                               " bytes");
    }
    std::string out;
    out.reserve(raw.size());
    std::size_t pos = 0, boundaries = 0, multiparts = 0;
    bool in_header = true;
    while (pos < raw.size()) {
        std::size_t eol = raw.find('\n', pos);
        std::size_t end = eol == std::string::npos ? raw.size() : eol + 1;
        std::size_t len = end - pos;
        if (in_header && len > limits.max_header_line_bytes) {
            out.append(raw, pos, limits.max_header_line_bytes);
            out += "\r\n";
        } else {
            out.append(raw, pos, len);
        }
        if (in_header && (len == 1 || (len == 2 && raw[pos] == '\r'))) in_header = false;
        if (len >= 2 && raw[pos] == '-' && raw[pos + 1] == '-') ++boundaries;
        if (len > 13 && (raw[pos] == 'C' || raw[pos] == 'c')) {
            std::string head = text::lower_ascii(raw.substr(pos, std::min<std::size_t>(len, 64)));
            if (head.rfind("content-type:", 0) == 0 && head.find("multipart") != std::string::npos)
                ++multiparts;
        }
        pos = end;
    }
    if (multiparts > limits.max_parts || boundaries > 4 * limits.max_parts + 8) {
        return Status::invalid("more than " + std::to_string(limits.max_parts) + " MIME parts");
    }
    return out;
}

ParsedMime parse_in_process(const std::string& raw, const MimeLimits& limits) {
    ParsedMime out;
    std::istringstream in(raw);
    mimetic::MimeEntity entity;
    entity.load(in);
    walk(entity, 0, "", limits, out);
    return out;
}

std::string serialize(const ParsedMime& p) {
    std::string out;
    put(out, p.truncated ? "1" : "0");
    for (const MimeLeaf& l : p.leaves) {
        put(out, l.type);
        put(out, l.charset);
        put(out, l.filename);
        put(out, l.disposition);
        put(out, l.report_type);
        put(out, l.body);
        put(out, std::to_string(l.depth));
    }
    return out;
}

Result<ParsedMime> deserialize(const std::string& bytes) {
    ParsedMime p;
    std::size_t pos = 0;
    std::string flag;
    if (!take(bytes, pos, flag)) return Status::invalid("empty parse result");
    p.truncated = flag == "1";
    while (pos < bytes.size()) {
        MimeLeaf l;
        std::string depth;
        if (!(take(bytes, pos, l.type) && take(bytes, pos, l.charset) &&
              take(bytes, pos, l.filename) && take(bytes, pos, l.disposition) &&
              take(bytes, pos, l.report_type) && take(bytes, pos, l.body) &&
              take(bytes, pos, depth))) {
            return Status::invalid("truncated parse result");
        }
        l.depth = std::atoi(depth.c_str());
        p.leaves.push_back(std::move(l));
    }
    return p;
}

namespace {

bool write_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// Reads exactly `n` bytes; false at end of stream, on an error, or past `deadline`.
bool read_all(int fd, char* data, std::size_t n, std::chrono::steady_clock::time_point deadline,
              bool& timed_out) {
    while (n > 0) {
        // Past the deadline, what has already arrived is still read.
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        struct pollfd p = {fd, POLLIN, 0};
        int rc = ::poll(&p, 1, static_cast<int>(std::clamp<decltype(left)>(left, 0, 1 << 30)));
        if (rc < 0 && errno == EINTR) continue;
        if (rc == 0) {
            timed_out = true;
            return false;
        }
        ssize_t r = ::read(fd, data, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        data += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

// The worker: one message in, one result out, until the parent closes its end.
[[noreturn]] void worker_loop(int fd, const MimeLimits& limits) {
    // A crash must kill the worker, not run whatever handler the parent installed.
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGXCPU}) ::signal(sig, SIG_DFL);
#if !SA_ADDRESS_SANITIZER
    // (AddressSanitizer reserves terabytes of address space for its shadow memory; an
    // address-space limit would make every allocation fail.)
    struct rlimit mem = {static_cast<rlim_t>(2048) << 20, static_cast<rlim_t>(2048) << 20};
    ::setrlimit(RLIMIT_AS, &mem);
#endif
    const auto forever = std::chrono::steady_clock::time_point::max();
    for (;;) {
        std::uint64_t n = 0;
        bool unused = false;
        if (!read_all(fd, reinterpret_cast<char*>(&n), sizeof n, forever, unused)) ::_exit(0);
        std::string raw(n, '\0');
        if (!read_all(fd, raw.data(), n, forever, unused)) ::_exit(0);
        std::string result;
        try {
            result = serialize(parse_in_process(raw, limits));
        } catch (...) {
            ::_exit(3);
        }
        std::uint64_t m = result.size();
        if (!write_all(fd, reinterpret_cast<const char*>(&m), sizeof m) ||
            !write_all(fd, result.data(), m))
            ::_exit(4);
    }
}

}  // namespace

Status ParserWorker::start() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        return Status::internal(std::string("socketpair: ") + std::strerror(errno));
    }
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return Status::internal(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::close(fds[0]);
        worker_loop(fds[1], limits_);
    }
    ::close(fds[1]);
    pid_ = pid;
    socket_ = fds[0];
    return Status::ok();
}

void ParserWorker::stop() {
    if (socket_ >= 0) ::close(socket_);  // the worker reads end-of-stream and leaves
    socket_ = -1;
    if (pid_ > 0) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }
    pid_ = -1;
}

ParserWorker::~ParserWorker() {
    stop();
}

Status ParserWorker::submit(const std::string& raw) {
    if (pid_ < 0) {
        Status s = start();
        if (!s) return s;
    }
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(limits_.timeout_seconds);
    std::uint64_t n = raw.size();
    // A worker that died between messages shows here as a failed write; collect() finds out how.
    in_flight_ = raw;
    if (!write_all(socket_, reinterpret_cast<const char*>(&n), sizeof n)) return Status::ok();
    write_all(socket_, raw.data(), n);
    return Status::ok();
}

Result<ParsedMime> ParserWorker::collect() {
    in_flight_.reset();
    std::uint64_t m = 0;
    bool timed_out = false;
    bool ok = read_all(socket_, reinterpret_cast<char*>(&m), sizeof m, deadline_, timed_out);
    std::string result;
    if (ok) {
        result.resize(m);
        ok = read_all(socket_, result.data(), m, deadline_, timed_out);
    }
    if (ok) return deserialize(result);
    // The worker died or overran: find out how, and start afresh next time.
    if (timed_out) ::kill(pid_, SIGKILL);
    int status = 0;
    ::close(socket_);
    socket_ = -1;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (timed_out)
        return Status::invalid("the MIME parser took longer than " +
                               std::to_string(limits_.timeout_seconds) + " s");
    if (WIFSIGNALED(status)) {
        return Status::invalid(std::string("the MIME parser crashed (") +
                               strsignal(WTERMSIG(status)) + ")");
    }
    return Status::invalid("the MIME parser failed (exit " + std::to_string(WEXITSTATUS(status)) +
                           ")");
}

Result<ParsedMime> ParserWorker::parse(const std::string& raw) {
    if (in_flight_ && *in_flight_ != raw) collect();  // a hint not taken: its result is dropped
    Status submitted = in_flight_ ? Status::ok() : submit(raw);
    Result<ParsedMime> result = submitted ? collect() : Result<ParsedMime>(submitted);
    if (next_) {
        std::string next = std::move(*next_);
        next_.reset();
        if (!submit(next)) in_flight_.reset();  // no worker: parse() will try again
    }
    return result;
}

void ParserWorker::parse_next(const std::string& raw) {
    auto checked = check_limits(raw, limits_);
    if (checked) {
        next_ = std::move(*checked);
    } else {
        next_.reset();
    }
}

Result<ParsedMime> parse_isolated(const std::string& raw, const MimeLimits& limits) {
    ParserWorker worker(limits);
    return worker.parse(raw);
}

}  // namespace sa::inbox
