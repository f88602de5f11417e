module vsctl.dev/testbed/faultproxy

go 1.22
