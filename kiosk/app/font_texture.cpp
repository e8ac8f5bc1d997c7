#include "font_texture.hpp"

#include <GLFW/glfw3.h>

#include <cstdint>
#include <cstdio>

// Names from OpenGL 3.3 / ARB_texture_swizzle that GL/gl.h (1.x) does not have.
#ifndef GL_R8
#define GL_R8 0x8229
#endif
#ifndef GL_TEXTURE_SWIZZLE_RGBA
#define GL_TEXTURE_SWIZZLE_RGBA 0x8E46
#endif

namespace lp::kiosk::app {

bool FontTexture::supported() {
    int major = 0, minor = 0;
    const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    if (version && std::sscanf(version, "%d.%d", &major, &minor) == 2 && (major > 3 || (major == 3 && minor >= 3)) &&
        version[0] != 'O')  // "OpenGL ES ..." numbers mean something else
        return true;
    return glfwExtensionSupported("GL_ARB_texture_swizzle") || glfwExtensionSupported("GL_EXT_texture_swizzle");
}

void FontTexture::upload(ImFontAtlas& atlas) {
    reset();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &w, &h);
    GLint last = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    // Sampled as (1, 1, 1, coverage): exactly what the backend's RGBA texture holds.
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
    id_ = id;
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id)));
}

void FontTexture::reset() {
    if (id_ == 0) return;
    GLuint id = id_;
    glDeleteTextures(1, &id);
    id_ = 0;
}

}  // namespace lp::kiosk::app
