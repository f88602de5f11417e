#include "kube/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "kube/redact.h"
#include "kube/retry.h"
#include "util/strings.h"

namespace vsctl::kube {

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;
  const Request* req = nullptr;
  std::size_t index = 0;
  std::string url;
  Response resp;
  char errbuf[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started;
  const Transport::DataFn* on_data = nullptr;
  bool* stopped = nullptr;
  const std::atomic<bool>* cancel = nullptr;

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    if (easy) curl_easy_cleanup(easy);
  }
};

namespace {

std::once_flag g_curl_init;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {  // a new response (after 100 Continue): start over
    t->resp.retry_after.reset();
    t->resp.content_type.clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name = lower(util::trim(line.substr(0, colon)));
  std::string_view value = util::trim(line.substr(colon + 1));
  if (name == "retry-after") {
    t->resp.retry_after = parse_retry_after(value);
  } else if (name == "content-type") {
    t->resp.content_type = std::string(value);
  } else if (name == "warning") {
    t->resp.warnings.emplace_back(value);
  }
  return size * n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * n);
  if (t->on_data) {
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200) {
      if (!(*t->on_data)(chunk)) {
        *t->stopped = true;
        return 0;  // aborts the transfer
      }
      return chunk.size();
    }
    if (t->resp.body.size() > (1u << 20)) return chunk.size();  // an error body: keep the start
  }
  t->resp.body.append(chunk);
  return chunk.size();
}

bool mentions(std::string_view text, std::initializer_list<std::string_view> words) {
  std::string l = lower(text);
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return l.find(w) != std::string::npos; });
}

// scheme://host:port of a server URL, split.
struct UrlParts {
  std::string scheme, host, port, rest;
};
UrlParts split_url(const std::string& url) {
  UrlParts p;
  auto sep = url.find("://");
  p.scheme = url.substr(0, sep);
  std::string hostport = url.substr(sep + 3);
  if (auto slash = hostport.find('/'); slash != std::string::npos) {
    p.rest = hostport.substr(slash);
    hostport.resize(slash);
  }
  auto colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos) {
    p.host = hostport.substr(0, colon);
    p.port = hostport.substr(colon + 1);
  } else {
    p.host = hostport;
    p.port = p.scheme == "https" ? "443" : "80";
  }
  return p;
}

void set_blob(CURL* easy, CURLoption opt, const std::string& data) {
  curl_blob blob{const_cast<char*>(data.data()), data.size(), CURL_BLOB_COPY};
  curl_easy_setopt(easy, opt, &blob);
}

}  // namespace

Transport::Transport(RestConfig config, TransportOptions opts, Logger logger)
    : config_(std::move(config)), opts_(std::move(opts)), logger_(std::move(logger)) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  auto parts = split_url(config_.server);
  if (!config_.tls_server_name.empty()) {
    // Connect to the server's address, but verify (and send SNI for) tls-server-name.
    url_base_ = parts.scheme + "://" + config_.tls_server_name + ":" + parts.port + parts.rest;
    connect_to_ = config_.tls_server_name + ":" + parts.port + ":" + parts.host + ":" + parts.port;
  } else {
    url_base_ = config_.server;
  }
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  if (config_.insecure_skip_tls_verify) {
    logger_.warn("warning: insecure-skip-tls-verify is set for cluster \"" + config_.cluster +
                 "\": the server's certificate is not checked, and anyone on the path can "
                 "read and change this traffic");
  }
}

Transport::~Transport() {
  if (multi_) curl_multi_cleanup(multi_);
}

std::unique_ptr<Transfer> Transport::prepare(const Request& r, const Auth& auth,
                                             std::chrono::milliseconds timeout, bool own_connection) {
  auto t = std::make_unique<Transfer>();
  t->req = &r;
  t->easy = curl_easy_init();
  CURL* e = t->easy;
  t->url = url_base_ + r.path + query_string(r.query);
  curl_easy_setopt(e, CURLOPT_URL, t->url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                   static_cast<long>(own_connection ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, own_connection ? 0L : 1L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_USERAGENT, opts_.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opts_.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(timeout.count(), 1)));
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");

  if (!is_idempotent(r.verb)) {
    // libcurl silently sends a request again when a reused connection turns out dead before
    // any answer. For POST and PUT that could apply a write twice, so they get a connection of
    // their own, and a lost answer is resolved by the client (read back, never repeated).
    curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
  }
  if (!connect_to_.empty()) {
    t->connect_to = curl_slist_append(nullptr, connect_to_.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->connect_to);
  }
  if (config_.insecure_skip_tls_verify) {
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!config_.ca_pem.empty()) {
    // Trust the kubeconfig's CA only, as kubectl does.
    curl_easy_setopt(e, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
    set_blob(e, CURLOPT_CAINFO_BLOB, config_.ca_pem);
  }
  if (!auth.client_cert_pem.empty()) {
    set_blob(e, CURLOPT_SSLCERT_BLOB, auth.client_cert_pem);
    curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
    set_blob(e, CURLOPT_SSLKEY_BLOB, auth.client_key_pem);
    curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
  }

  std::vector<std::string> lines;
  lines.push_back("Accept: " + r.accept);
  if (!r.body.empty() || r.verb == Verb::Create || r.verb == Verb::Update || r.verb == Verb::Patch) {
    lines.push_back("Content-Type: " + (r.content_type.empty() ? std::string(kJson) : r.content_type));
  }
  lines.emplace_back("Expect:");  // no 100-continue round trip for large bodies
  for (const auto& l : lines) t->headers = curl_slist_append(t->headers, l.c_str());
  if (!auth.bearer.empty()) {
    std::string h = "Authorization: Bearer " + auth.bearer;
    t->headers = curl_slist_append(t->headers, h.c_str());
    std::fill(h.begin(), h.end(), '\0');
  }
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);

  switch (r.verb) {
    case Verb::Get:
    case Verb::List:
    case Verb::Watch:
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
      break;
    case Verb::Create:
    case Verb::Update:
    case Verb::Patch:
    case Verb::Delete:
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, http_method(r.verb));
      if (!r.body.empty() || r.verb != Verb::Delete) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      }
      break;
  }

  if (logger_.enabled(7)) {
    logger_.log(7, std::string("request: ") + http_method(r.verb) + " " + t->url);
    for (const auto& l : lines) {
      if (l == "Expect:") continue;
      auto colon = l.find(':');
      logger_.log(7, "  " + redact_header(l.substr(0, colon), util::trim(std::string_view(l).substr(colon + 1))));
    }
    if (!auth.bearer.empty()) logger_.log(7, "  " + redact_header("Authorization", "Bearer x"));
  }
  if (logger_.enabled(8) && !r.body.empty()) logger_.log(8, "request body: " + redact_body(r.body));
  t->started = std::chrono::steady_clock::now();
  return t;
}

Attempt Transport::finish(Transfer& t, int code_int) {
  auto code = static_cast<CURLcode>(code_int);
  Attempt a;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started).count();
  const char* method = http_method(t.req->verb);
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  long request_size = 0;
  curl_easy_getinfo(t.easy, CURLINFO_REQUEST_SIZE, &request_size);
  a.maybe_sent = request_size > 0;
  bool stopped = t.stopped && *t.stopped;
  if (code == CURLE_OK || (stopped && (code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK))) {
    t.resp.status = static_cast<int>(status);
    if (logger_.enabled(6)) {
      logger_.log(6, std::string(method) + " " + t.url + " " + std::to_string(status) + " in " +
                         std::to_string(ms) + " ms");
    }
    if (logger_.enabled(7)) {
      if (!t.resp.content_type.empty()) logger_.log(7, "  response Content-Type: " + t.resp.content_type);
      if (t.resp.retry_after) logger_.log(7, "  response Retry-After: " + std::to_string(t.resp.retry_after->count()));
    }
    if (logger_.enabled(8) && !t.resp.body.empty()) logger_.log(8, "response body: " + redact_body(t.resp.body));
    for (const auto& w : t.resp.warnings) logger_.warn("warning from the API server: " + w);
    a.response = std::move(t.resp);
    return a;
  }

  // No (complete) HTTP response.
  std::string detail = t.errbuf[0] ? std::string(t.errbuf) : std::string(curl_easy_strerror(code));
  std::string where = config_.source == "in-cluster"
                          ? std::string(" (in-cluster configuration)")
                          : " (context \"" + config_.context + "\" in " + config_.source + ")";
  ApiError& e = a.error;
  e.kind = ApiErrorKind::Transport;
  e.verb = to_string(t.req->verb);
  e.path = t.req->path;
  std::string server = config_.server;
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      e.message = "cannot reach the API server " + server + ": " + detail;
      e.hint = "is it running, and is this the right context?" + where;
      a.retry = RetryClass::Connect;
      a.maybe_sent = false;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      if (mentions(detail, {"subject name", "does not match", "no alternative certificate"})) {
        e.message = "the API server's certificate does not match the host name in " + url_base_ + ": " + detail;
        e.hint = "set tls-server-name for cluster \"" + config_.cluster +
                 "\" to a name in the certificate, or use such a name in server" + where;
      } else {
        e.message = "the API server's certificate at " + server + " is not trusted" +
                    (config_.ca_origin.empty() ? std::string(" by the system's CAs")
                                                : " by the CA from " + config_.ca_origin) + ": " + detail;
        e.hint = "check certificate-authority(-data) of cluster \"" + config_.cluster + "\"" + where;
      }
      a.retry = RetryClass::Never;
      break;
    case CURLE_SSL_CACERT_BADFILE:
      e.message = "the CA from " + (config_.ca_origin.empty() ? std::string("the kubeconfig") : config_.ca_origin) +
                  " could not be loaded: " + detail;
      e.hint = "it must be PEM certificates" + where;
      a.retry = RetryClass::Never;
      break;
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
      e.message = "the client certificate or key of user \"" + config_.user + "\" could not be used: " + detail;
      e.hint = "check client-certificate(-data) and client-key(-data)" + where;
      a.retry = RetryClass::Never;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      e.kind = ApiErrorKind::Timeout;
      e.message = "no answer from " + server + " in time: " + detail;
      a.retry = RetryClass::Always;
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      e.message = "bad server URL " + util::quote(server) + ": " + detail;
      e.hint = "fix server of cluster \"" + config_.cluster + "\"" + where;
      a.retry = RetryClass::Never;
      break;
    case CURLE_SSL_CONNECT_ERROR:
      e.message = "TLS handshake with " + server + " failed: " + detail;
      e.hint = "the server may have refused the client certificate, or is not speaking TLS" + where;
      a.retry = RetryClass::Connect;
      break;
    default:
      e.message = "the connection to " + server + " failed: " + detail;
      a.retry = RetryClass::Always;
      break;
  }
  logger_.log(6, std::string(method) + " " + t.url + " failed after " + std::to_string(ms) + " ms: " + detail);
  return a;
}

std::vector<Attempt> Transport::run(std::span<const Request* const> requests, const Auth& auth,
                                    std::span<const std::chrono::milliseconds> timeouts,
                                    std::size_t max_in_flight, RateLimiter& limiter) {
  std::vector<std::unique_ptr<Transfer>> transfers;
  transfers.reserve(requests.size());
  // Reads sent together (lists, discovery documents) can carry large answers at once. Interleaved
  // as streams of one HTTP/2 connection, such answers stalled a transfer now and then until its
  // attempt timed out with the libcurl this builds on (Debian 12's 7.88): each read of a batch
  // goes on a connection of its own. Writes (small answers) stay multiplexed.
  bool batch = requests.size() > 1;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    bool read = requests[i]->verb == Verb::Get || requests[i]->verb == Verb::List;
    transfers.push_back(prepare(*requests[i], auth, timeouts[i], batch && read));
    transfers.back()->index = i;
  }
  std::vector<Attempt> out(requests.size());
  max_in_flight = std::max<std::size_t>(max_in_flight, 1);

  std::lock_guard lock(multi_mu_);
  std::size_t next = 0, running = 0;
  while (next < transfers.size() || running > 0) {
    int wait_ms = 1000;
    while (next < transfers.size() && running < max_in_flight) {
      auto wait = limiter.try_acquire();
      if (wait > RateLimiter::Clock::duration::zero()) {
        auto w = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count() + 1;
        wait_ms = static_cast<int>(std::min<long long>(w, wait_ms));
        break;
      }
      transfers[next]->started = std::chrono::steady_clock::now();
      curl_multi_add_handle(multi_, transfers[next]->easy);
      ++next;
      ++running;
    }
    int still = 0;
    curl_multi_perform(multi_, &still);
    int queued = 0;
    std::size_t completed = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &queued)) {
      if (m->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &t);
      CURLcode result = m->data.result;
      curl_multi_remove_handle(multi_, m->easy_handle);
      --running;
      ++completed;
      out[t->index] = finish(*t, result);
    }
    // Room was made: start the next ones now rather than after a wait.
    if (completed > 0 && next < transfers.size()) continue;
    if (next < transfers.size() || running > 0) curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr);
  }
  return out;
}

namespace {
// libcurl's progress callback on a stream: a non-zero return aborts the transfer.
int cancel_progress(void* data, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(data);
  if (!t->cancel || !t->cancel->load()) return 0;
  if (t->stopped) *t->stopped = true;
  return 1;
}
}  // namespace

Attempt Transport::stream(const Request& request, const Auth& auth, std::chrono::milliseconds timeout,
                          const DataFn& on_data, bool* stopped, const std::atomic<bool>* cancel) {
  auto t = prepare(request, auth, timeout);
  t->on_data = &on_data;
  t->stopped = stopped;
  *stopped = false;
  if (cancel) {
    t->cancel = cancel;
    curl_easy_setopt(t->easy, CURLOPT_XFERINFOFUNCTION, &cancel_progress);
    curl_easy_setopt(t->easy, CURLOPT_XFERINFODATA, t.get());
    curl_easy_setopt(t->easy, CURLOPT_NOPROGRESS, 0L);
  }
  if (!cancel) return finish(*t, curl_easy_perform(t->easy));
  // Driven through a multi handle so that `cancel` is looked at every 100 ms while the stream is
  // idle (the progress callback alone comes about once a second then).
  CURLM* multi = curl_multi_init();
  if (!multi) return finish(*t, CURLE_OUT_OF_MEMORY);
  curl_multi_add_handle(multi, t->easy);
  CURLcode code = CURLE_OK;
  for (int running = 1; running;) {
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      code = CURLE_RECV_ERROR;
      break;
    }
    if (!running) break;
    if (cancel->load()) {
      *stopped = true;
      code = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  int left = 0;
  while (CURLMsg* m = curl_multi_info_read(multi, &left))
    if (m->msg == CURLMSG_DONE && m->easy_handle == t->easy) code = m->data.result;
  curl_multi_remove_handle(multi, t->easy);
  curl_multi_cleanup(multi);
  return finish(*t, code);
}

}  // namespace vsctl::kube
