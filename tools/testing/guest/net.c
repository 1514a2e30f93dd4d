// SPDX-License-Identifier: GPL-2.0
/*
 * lkst-net: UDP and TCP over loopback for the networking event tests.
 * Sends one 333-byte UDP datagram and 4444 bytes over a TCP connection
 * to itself, and prints what a test needs to find the records:
 *   net pid=P udp_fd=F tcp_fd=F
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define UDP_BYTES 333
#define TCP_BYTES 4444

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int udp(void)
{
	static char buf[UDP_BYTES];
	struct sockaddr_in a = loopback();
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket udp");
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		die("bind udp");
	memset(buf, 'u', sizeof(buf));
	if (sendto(fd, buf, sizeof(buf), 0, (struct sockaddr *)&a, sizeof(a)) != UDP_BYTES)
		die("sendto");
	if (recv(fd, buf, sizeof(buf), 0) != UDP_BYTES)
		die("recv udp");
	return fd;
}

static int tcp(void)
{
	static char buf[TCP_BYTES];
	struct sockaddr_in a = loopback();
	socklen_t len = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), fd, cfd;
	size_t got = 0;

	if (lfd < 0)
		die("socket tcp");
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&a, &len))
		die("listen");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	cfd = accept(lfd, NULL, NULL);
	if (cfd < 0)
		die("accept");
	memset(buf, 't', sizeof(buf));
	if (send(fd, buf, sizeof(buf), 0) != TCP_BYTES)
		die("send tcp");
	while (got < TCP_BYTES) {
		ssize_t n = recv(cfd, buf, sizeof(buf) - got, 0);

		if (n <= 0)
			die("recv tcp");
		got += n;
	}
	close(cfd);
	close(lfd);
	return fd;
}

int main(void)
{
	int ufd = udp();
	int tfd = tcp();

	printf("net pid=%d udp_fd=%d tcp_fd=%d\n", getpid(), ufd, tfd);
	return 0;
}
