/**
 * umk's network stack (not built yet): the socket layer (AF_UNIX, AF_INET, AF_NETLINK route)
 * and its own TCP/IP (Ethernet, ARP, IPv4, ICMP, UDP, TCP) over a NetDevice (loopback, TAP).
 */
package dev.umk.net;
