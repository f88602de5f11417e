#include "metrics/address.h"

#include <doctest/doctest.h>

using vsctl::metrics::listening_port;

TEST_CASE("metrics address: HOST:PORT, :PORT for every interface, bracketed IPv6") {
  CHECK(listening_port("127.0.0.1:9090").value() == "127.0.0.1:9090");
  CHECK(listening_port(":9090").value() == "9090");
  CHECK(listening_port("0.0.0.0:80").value() == "0.0.0.0:80");
  CHECK(listening_port("[::1]:9090").value() == "[::1]:9090");
}

TEST_CASE("metrics address: refused with the flag and what is wrong") {
  CHECK(listening_port("9090").error().message ==
        "--metrics-addr 9090: no port (want HOST:PORT or :PORT, e.g. 127.0.0.1:9090)");
  CHECK(listening_port(":0").error().message.find("from 1 to 65535") != std::string::npos);
  CHECK(listening_port(":65536").error().message.find("from 1 to 65535") != std::string::npos);
  CHECK(listening_port(":90x").error().message.find("from 1 to 65535") != std::string::npos);
  CHECK(listening_port("localhost:9090").error().message.find("must be an IP address") != std::string::npos);
  CHECK(listening_port("[nope]:9090").error().message.find("not an IPv6 address") != std::string::npos);
  CHECK(listening_port("1.2.3.4:").error().kind == vsctl::util::ErrorKind::Usage);
}
