#pragma once
// A tiny HTTP/1.1 server on loopback for the client's unit tests (header-only, test use only):
// each request goes to a handler, which answers, streams lines, or drops the connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace vsctl::testing {

struct HttpRequest {
  std::string method;
  std::string path;
  std::string query;  // without '?'
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string raw;  // the request as received, headers and body
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool drop = false;                // close the connection without answering
  bool truncate = false;            // send the start of an answer, then close
  std::vector<std::string> stream;  // sent one by one, then the connection is closed
  std::chrono::milliseconds stream_gap{0};
  bool hold_open = false;           // after the stream, keep the connection until stopped
};

inline HttpReply json_reply(int status, std::string body) {
  HttpReply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

class TestHttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpRequest&)>;

  explicit TestHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 64);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;
  ~TestHttpServer() {
    stop_ = true;
    accept_thread_.join();
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mu_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
    ::close(listen_fd_);
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::size_t count(const std::string& method, const std::string& path) const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const auto& r : requests_) n += (r.method == method && r.path == path) ? 1 : 0;
    return n;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      std::lock_guard lock(mu_);
      threads_.emplace_back([this, fd] { serve(fd); });
    }
  }

  // Reads until `want` bytes are buffered or the connection ends; false when it ended.
  bool fill(int fd, std::string& buf, std::size_t want) {
    while (buf.size() < want) {
      pollfd p{fd, POLLIN, 0};
      int n = ::poll(&p, 1, 50);
      if (stop_) return false;
      if (n <= 0) continue;
      char tmp[16384];
      ssize_t got = ::recv(fd, tmp, sizeof tmp, 0);
      if (got <= 0) return false;
      buf.append(tmp, static_cast<std::size_t>(got));
    }
    return true;
  }

  static void send_all(int fd, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }

  void serve(int fd) {
    std::string buf;
    while (!stop_) {
      std::size_t end;
      while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        if (!fill(fd, buf, buf.size() + 1)) {
          ::close(fd);
          return;
        }
      }
      HttpRequest req;
      std::string head = buf.substr(0, end);
      auto line_end = head.find("\r\n");
      std::string first = head.substr(0, line_end);
      auto sp1 = first.find(' ');
      auto sp2 = first.find(' ', sp1 + 1);
      req.method = first.substr(0, sp1);
      std::string target = first.substr(sp1 + 1, sp2 - sp1 - 1);
      auto q = target.find('?');
      req.path = target.substr(0, q);
      if (q != std::string::npos) req.query = target.substr(q + 1);
      std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        auto e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string h = head.substr(pos, e - pos);
        auto colon = h.find(':');
        if (colon != std::string::npos) {
          std::string name = h.substr(0, colon);
          for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          std::size_t v = colon + 1;
          while (v < h.size() && h[v] == ' ') ++v;
          req.headers[name] = h.substr(v);
        }
        pos = e + 2;
      }
      std::size_t body_len = 0;
      if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
        body_len = std::stoul(it->second);
      }
      if (!fill(fd, buf, end + 4 + body_len)) {
        ::close(fd);
        return;
      }
      req.body = buf.substr(end + 4, body_len);
      req.raw = buf.substr(0, end + 4 + body_len);
      buf.erase(0, end + 4 + body_len);
      {
        std::lock_guard lock(mu_);
        requests_.push_back(req);
      }
      HttpReply reply = handler_(req);
      if (reply.drop) {
        ::close(fd);
        return;
      }
      if (reply.truncate) {
        send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
        ::close(fd);
        return;
      }
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
      bool has_type = false;
      for (const auto& [k, v] : reply.headers) {
        out += k + ": " + v + "\r\n";
        if (k == "Content-Type") has_type = true;
      }
      if (!has_type) out += "Content-Type: application/json\r\n";
      if (!reply.stream.empty()) {
        out += "Connection: close\r\n\r\n";
        send_all(fd, out);
        for (const auto& chunk : reply.stream) {
          if (reply.stream_gap.count() > 0) std::this_thread::sleep_for(reply.stream_gap);
          send_all(fd, chunk);
        }
        while (reply.hold_open && !stop_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ::close(fd);
        return;
      }
      out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body;
      send_all(fd, out);
    }
    ::close(fd);
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;
  mutable std::mutex mu_;
  std::vector<std::thread> threads_;
  std::vector<HttpRequest> requests_;
};

}  // namespace vsctl::testing
