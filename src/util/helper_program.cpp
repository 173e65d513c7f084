#include "util/helper_program.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/i18n.hpp"

extern char** environ;

#ifndef CASEBOOK_HELPERDIR_FROM_BIN
#define CASEBOOK_HELPERDIR_FROM_BIN "../libexec/casebook"
#endif

namespace casebook {

namespace {

constexpr std::size_t errors_kept = 1 << 16;

// Closes a descriptor once.
struct Descriptor {
    int fd = -1;
    ~Descriptor() { close(); }
    void close()
    {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
};

// SIGPIPE ignored while it lives: a helper that stops reading is an error to report, not a death.
struct IgnoreSigpipe {
    struct sigaction old {};
    IgnoreSigpipe()
    {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGPIPE, &ignore, &old);
    }
    ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &old, nullptr); }
};

std::string trimmed(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

} // namespace

std::vector<std::string> helper_places(const std::string& name)
{
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return {};
    }
    return {(exe.parent_path() / name).string(),
            (exe.parent_path() / CASEBOOK_HELPERDIR_FROM_BIN / name).lexically_normal().string()};
}

std::optional<std::string> find_helper(const std::string& name)
{
    for (const std::string& place : helper_places(name)) {
        struct stat st {};
        if (::stat(place.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(place.c_str(), X_OK) == 0) {
            return place;
        }
    }
    return std::nullopt;
}

std::string ProgramResult::failure() const
{
    if (!failure_text.empty()) {
        return failure_text;
    }
    if (!trimmed(errors).empty()) {
        return trimmed(errors);
    }
    if (signal != 0) {
        return say("it was ended by signal {} ({})", signal, strsignal(signal));
    }
    return say("it exited with code {}", exit_code);
}

ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& input)
{
    ProgramResult result;
    int in_pipe[2];
    int err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
        result.failure_text = say("cannot run {}: {}", program, std::strerror(errno));
        return result;
    }
    Descriptor to_child{in_pipe[1]};
    Descriptor child_in{in_pipe[0]};
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        result.failure_text = say("cannot run {}: {}", program, std::strerror(errno));
        return result;
    }
    Descriptor from_child{err_pipe[0]};
    Descriptor child_err{err_pipe[1]};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in.fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_err.fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_err.fd, STDERR_FILENO);
    std::vector<std::string> argv_text = {program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    child_in.close();
    child_err.close();
    if (spawned != 0) {
        result.failure_text = say("cannot run {}: {}", program, std::strerror(spawned));
        return result;
    }

    IgnoreSigpipe quiet;
    ::fcntl(to_child.fd, F_SETFL, ::fcntl(to_child.fd, F_GETFL) | O_NONBLOCK);
    std::size_t part = 0;
    std::size_t offset = 0;
    while (from_child.fd >= 0) {
        while (part < input.size() && offset == input[part].size()) {
            ++part;
            offset = 0;
        }
        if (part == input.size()) {
            to_child.close(); // the end of its input
        }
        pollfd fds[2] = {{from_child.fd, POLLIN, 0}, {to_child.fd, POLLOUT, 0}};
        if (::poll(fds, to_child.fd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (fds[0].revents != 0) {
            char buffer[4096];
            const ssize_t n = ::read(from_child.fd, buffer, sizeof buffer);
            if (n > 0) {
                if (result.errors.size() < errors_kept) {
                    result.errors.append(buffer, static_cast<std::size_t>(n));
                }
            } else if (n == 0 || errno != EINTR) {
                from_child.close(); // it closed its output: it is ending
            }
        }
        if (to_child.fd >= 0 && fds[1].revents != 0) {
            const ssize_t n = ::write(to_child.fd, input[part].data() + offset, input[part].size() - offset);
            if (n > 0) {
                offset += static_cast<std::size_t>(n);
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                to_child.close(); // it stopped reading: its exit says why
                part = input.size();
            }
        }
    }
    to_child.close();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            result.failure_text = say("cannot run {}: {}", program, std::strerror(errno));
            return result;
        }
    }
    if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    } else {
        result.exit_code = WEXITSTATUS(status);
    }
    return result;
}

} // namespace casebook
