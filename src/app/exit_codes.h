// Exit codes (sysexits.h), and the one mapping from a Status to them.
#pragma once

#include "core/status.h"

namespace sa::app {

enum ExitCode {
    kExitOk = 0,
    kExitUsage = 64,        // wrong command line
    kExitDataErr = 65,      // bad input data
    kExitNoInput = 66,      // an input file is missing or unreadable
    kExitUnavailable = 69,  // a server refuses us (authentication, TLS) and a person must act
    kExitSoftware = 70,     // a broken invariant
    kExitIoErr = 74,        // the local file system
    kExitTempFail = 75,     // try again later (a server is down, the lock or database is busy)
    kExitConfig = 78,       // the configuration is wrong
};

inline int exit_code_for(Status::Code code) {
    switch (code) {
        case Status::Code::kOk:
            return kExitOk;
        case Status::Code::kInvalid:
            return kExitDataErr;
        case Status::Code::kNotFound:
            return kExitNoInput;
        case Status::Code::kIo:
            return kExitIoErr;
        case Status::Code::kUnavailable:
        case Status::Code::kBusy:
            return kExitTempFail;
        case Status::Code::kRefused:
            return kExitUnavailable;
        case Status::Code::kConfig:
            return kExitConfig;
        case Status::Code::kInternal:
            return kExitSoftware;
    }
    return kExitSoftware;
}

inline int exit_code_for(const Status& s) {
    return exit_code_for(s.code());
}

}  // namespace sa::app
