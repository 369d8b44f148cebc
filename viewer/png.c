// SPDX-License-Identifier: MIT
/*
 * viewer/png.c - PNG files for screenshots, headless frames and the pixel
 * probe the tests use, through libpng's simplified API (no timestamps or
 * text chunks: the same pixels give the same bytes).
 */
#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/ofile.h"
#include "viewer/gui.h"

int view_png_write(const char *path, const uint32_t *argb, int w, int h)
{
	png_image img;
	struct ofile of;
	struct sim_error err;
	unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);

	if (!rgb) {
		fprintf(stderr, "gemsim-view: %s: out of memory\n", path);
		return -1;
	}
	/* opaque pictures: RGB keeps the files small */
	for (size_t i = 0, n = (size_t)w * (size_t)h; i < n; i++) {
		rgb[3 * i] = (unsigned char)(argb[i] >> 16);
		rgb[3 * i + 1] = (unsigned char)(argb[i] >> 8);
		rgb[3 * i + 2] = (unsigned char)argb[i];
	}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGB;
	/*
	 * Through base/ofile.h, not png_image_write_to_file(): libpng removes
	 * the path when a write fails, and the path may be a device node or a
	 * picture the user wants to keep.  The old file stays until the new
	 * one is whole.
	 */
	if (ofile_open(&of, path, &err)) {
		free(rgb);
		fprintf(stderr, "gemsim-view: %s: %s\n", path, err.msg);
		return -1;
	}
	errno = 0;
	if (!png_image_write_to_stdio(&img, of.f, 0, rgb, w * 3, NULL)) {
		/* libpng says only "Write Error": the reason is the stream's */
		int e = errno;

		fprintf(stderr, "gemsim-view: %s: cannot write: %s\n", path,
			ferror(of.f) && e ? strerror(e) : img.message);
		ofile_abort(&of);
		free(rgb);
		return -1;
	}
	free(rgb);
	if (ofile_commit(&of, &err)) {
		fprintf(stderr, "gemsim-view: %s: %s\n", path, err.msg);
		return -1;
	}
	return 0;
}

int view_png_probe(const char *path, int x, int y, uint32_t *rgb)
{
	png_image img;
	unsigned char *buf;
	struct stat st;
	FILE *f;
	/* a regular file only: a FIFO with no writer would block in open() */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) || !(f = fdopen(fd, "rb"))) {
		int e = fd < 0 || !S_ISREG(st.st_mode) ? errno : 0;

		fprintf(stderr, "gemsim-view: cannot read %s: %s\n", path,
			fd >= 0 && !S_ISREG(st.st_mode) ? "not a regular file" : strerror(e));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_stdio(&img, f)) {
		fprintf(stderr, "gemsim-view: cannot read %s: %s\n", path, img.message);
		fclose(f);
		return -1;
	}
	img.format = PNG_FORMAT_RGB;
	if (x < 0 || y < 0 || (png_uint_32)x >= img.width || (png_uint_32)y >= img.height) {
		fprintf(stderr, "gemsim-view: %s is %ux%u: no pixel %d,%d\n", path,
			(unsigned)img.width, (unsigned)img.height, x, y);
		png_image_free(&img);
		fclose(f);
		return -1;
	}
	buf = malloc(PNG_IMAGE_SIZE(img));
	if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
		fprintf(stderr, "gemsim-view: cannot read %s: %s\n", path,
			buf ? img.message : "out of memory");
		free(buf);
		png_image_free(&img);
		fclose(f);
		return -1;
	}
	fclose(f);
	const unsigned char *p = buf + ((size_t)y * img.width + (size_t)x) * 3;

	*rgb = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	free(buf);
	return 0;
}
